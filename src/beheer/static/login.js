// The login page: client id + secret in, an HttpOnly session cookie out (set by the server).
const form = document.getElementById('login');
const error = document.getElementById('login-error');
const back = new URLSearchParams(location.search).get('terug') ?? '';
// Only a page of this console: never an open redirect.
const target = /^imports(\/[0-9a-f-]{36})?$/.test(back) ? back : 'imports';

// SameSite=Strict: a link from elsewhere arrives without the cookie; a same-site request has it.
fetch('api/session', { credentials: 'same-origin' })
  .then((res) => {
    if (res.ok) location.replace(target);
  })
  .catch(() => undefined);

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  error.hidden = true;
  const data = new FormData(form);
  const res = await fetch('api/login', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ clientId: data.get('clientId'), secret: data.get('secret') }),
  }).catch(() => null);
  if (res?.ok) {
    location.assign(target);
    return;
  }
  const problem = res ? await res.json().catch(() => null) : null;
  error.textContent = problem?.detail ?? 'De server is niet bereikbaar. Probeer het opnieuw.';
  error.hidden = false;
  form.elements.secret.value = '';
  form.elements.secret.focus();
});
