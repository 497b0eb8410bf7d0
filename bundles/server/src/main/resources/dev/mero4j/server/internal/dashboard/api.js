// The node's own API, same origin. With auth on, the access token the page was opened with
// (/dashboard?token=…) goes in an Authorization header; EventSource cannot send headers, so streams
// carry it as ?token= like every other browser client of the API.
export function client(token) {
  const headers = token ? { Authorization: 'Bearer ' + token } : {};

  async function parse(response) {
    const text = await response.text();
    let body = {};
    try { body = text ? JSON.parse(text) : {}; } catch { body = { error: { message: text } }; }
    if (!response.ok) {
      const message = (body.error && body.error.message) || response.statusText;
      throw new Error(response.status + ' ' + message);
    }
    return body;
  }

  return {
    async get(path) {
      const body = await parse(await fetch(path, { headers }));
      return body.data !== undefined ? body.data : body;
    },
    async post(path, json) {
      const response = await fetch(path, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify(json),
      });
      return (await parse(response)).data;
    },
    async rpc(method, params) {
      const response = await fetch('/jsonrpc', {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
      });
      const body = await parse(response);
      if (body.error) throw new Error(body.error.message);
      return body.result;
    },
    stream(path) {
      return new EventSource(path + (token ? '?token=' + encodeURIComponent(token) : ''));
    },
  };
}
