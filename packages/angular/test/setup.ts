// The JIT compiler, before any Angular package loads: Angular's npm packages are partially
// compiled, and the decorator-less test components are compiled at runtime. Nothing else here, so
// a test file can still load zone.js before @angular/core.
import '@angular/compiler';

// Each bootstrapped test app would print "Angular is running in development mode."
const log = console.log;
console.log = (...args: unknown[]) => {
  if (typeof args[0] === 'string' && args[0].startsWith('Angular is running')) return;
  log(...args);
};
