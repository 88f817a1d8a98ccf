// A request refused before any route ran (body parser, router): the status it asked for, in words.
// Without this, the tab API's error handler turned them all into 500s (a malformed % escape, a body
// over the limit).
/** Words for a refusal by the body parser or the router (its `type` or the error's name). */
export function requestProblem(err: { status?: number; type?: string; name?: string; limit?: number }): { status: number; error: string } | null {
  const status = err.status ?? 0;
  if (status < 400 || status >= 500) return null;
  if (err.type === 'entity.too.large') return { status: 413, error: `the request body is too large (at most ${err.limit ?? '?'} bytes)` };
  if (err.type === 'entity.parse.failed') return { status: 400, error: 'the body is not valid JSON' };
  if (err.type === 'encoding.unsupported' || err.type === 'charset.unsupported') return { status: 415, error: 'the body is in an encoding or character set this server does not read' };
  if (err.type === 'request.aborted') return { status: 400, error: 'the request was aborted before its body arrived' };
  if (err.name === 'URIError') return { status: 400, error: 'the address has a malformed % escape' };
  return { status, error: 'bad request' };
}
