// Preloaded (node -r) into processes a test starts: any connection to a host that is not this machine is refused
// and reported on stderr as "loopback-guard: blocked host:port", so the test can assert there were none.
const net = require('node:net');

const LOCAL = /^(localhost|127(?:\.\d{1,3}){3}|::1|::ffff:127(?:\.\d{1,3}){3})$/i;
const connect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function guardedConnect(...args) {
  const first = args[0];
  const options = Array.isArray(first)
    ? first[0]
    : typeof first === 'object' && first !== null
      ? first
      : { port: first, host: args[1] };
  if (options && options.path) return connect.apply(this, args);
  const host = String((options && options.host) || 'localhost').replace(/^\[|\]$/g, '');
  if (LOCAL.test(host)) return connect.apply(this, args);
  process.stderr.write(`loopback-guard: blocked ${host}:${options && options.port}\n`);
  process.nextTick(() => this.destroy(new Error(`loopback-guard: connection to ${host} refused`)));
  return this;
};
