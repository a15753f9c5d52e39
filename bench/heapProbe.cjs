// Preloaded (node --expose-gc -r) into a bench process: on request over IPC, collects garbage and reports memory,
// so the memory benchmark sees what is retained, not what the collector has not got round to yet.
process.on('message', (message) => {
  if (message !== 'memory?') return;
  global.gc();
  global.gc();
  process.send({ memory: process.memoryUsage() });
});
process.channel?.unref();
