import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../shared/errors.js';

/**
 * CRS negotiation of the `/zaken` endpoints (Zaken API, as vng-api-common's
 * GeoMixin): requests with a body need `Content-Crs`, every GET/POST/PUT/PATCH needs
 * `Accept-Crs`; a missing header is 412, another CRS than EPSG:4326 is 406. It runs
 * before body validation, as DRF negotiates before the serializer runs.
 */
export const CRS = 'EPSG:4326';

function check(request: FastifyRequest, header: 'content-crs' | 'accept-crs', label: string): void {
  const raw = request.headers[header];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (value === undefined || value === '') {
    throw new AppError(412, 'precondition_failed', `'${label}' header ontbreekt`);
  }
  if (value !== CRS) throw new AppError(406, 'not_acceptable', `CRS '${value}' is niet ondersteund`);
}

export async function negotiateCrs(request: FastifyRequest): Promise<void> {
  if (['POST', 'PUT', 'PATCH'].includes(request.method)) check(request, 'content-crs', 'Content-Crs');
  if (request.method !== 'DELETE') check(request, 'accept-crs', 'Accept-Crs');
}

/** Successful zaak responses state the CRS of their (geometry) content. */
export async function addContentCrs(_request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  if (reply.statusCode < 400) reply.header('Content-Crs', CRS);
  return payload;
}
