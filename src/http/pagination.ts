import type { FastifyRequest } from 'fastify';
import { notFound } from '../shared/errors.js';
import type { Urls } from '../shared/urls.js';

/** ZGW page-number pagination: {count, next, previous, results} with absolute URLs. */
export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  results: T[];
}

export function pageParams(
  query: { page?: number; pageSize?: number },
  defaults: { pageSize: number; maxPageSize: number } = { pageSize: 100, maxPageSize: 500 },
): { page: number; pageSize: number; offset: number } {
  const page = query.page ?? 1;
  const pageSize = Math.min(query.pageSize ?? defaults.pageSize, defaults.maxPageSize);
  const offset = (page - 1) * pageSize;
  // Such a page lies beyond any table (and its offset beyond bigint): the 404 that every
  // page past the last one gets, decided before a query could fail on it.
  if (!Number.isSafeInteger(offset)) throw notFound('Ongeldige pagina.');
  return { page, pageSize, offset };
}

export function buildPage<T>(
  request: FastifyRequest,
  urls: Urls,
  p: { page: number; pageSize: number },
  count: number,
  results: T[],
): Page<T> {
  const lastPage = Math.max(1, Math.ceil(count / p.pageSize));
  if (p.page > lastPage) throw notFound('Ongeldige pagina.');
  const link = (page: number) => {
    const [path, qs] = request.url.split('?');
    const params = new URLSearchParams(qs ?? '');
    if (page === 1) params.delete('page');
    else params.set('page', String(page));
    const s = params.toString();
    return urls.at(`${path}${s ? `?${s}` : ''}`);
  };
  return {
    count,
    next: p.page < lastPage ? link(p.page + 1) : null,
    previous: p.page > 1 ? link(p.page - 1) : null,
    results,
  };
}
