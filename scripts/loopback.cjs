// Preload (node -r) that keeps servers on the loopback interface: a listen() without a host (which
// Node binds to every interface) gets 127.0.0.1. Used for the Agents Playground, which calls
// listen(port) with no host.
const net = require('node:net');
const original = net.Server.prototype.listen;
net.Server.prototype.listen = function listen(...args) {
  const first = args[0];
  if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    if (typeof args[1] !== 'string') args.splice(1, 0, '127.0.0.1');
  } else if (first && typeof first === 'object' && !Array.isArray(first) && first.path === undefined && first.fd === undefined && first.handle === undefined && first._handle === undefined) {
    if (first.host === undefined) args[0] = { ...first, host: '127.0.0.1' };
  } else if (typeof first === 'function' || first === undefined) {
    args.unshift(0, '127.0.0.1');
  }
  return original.apply(this, args);
};
