// follows: slingr-docs, content/en/dev-reference/scripting/sys-utils.md (concurrency.lock with a callback, released automatically; lock, unlock, forceUnlock)
// app: utils
// expect: ["inside","cached",true]
var cache = {};
var result = sys.utils.concurrency.lock('lock1', function () {
  sys.logs.info('lock acquired!');
  return 'inside';
});
try {
  sys.utils.concurrency.lock('cache-lock', 1000);
  sys.logs.info('lock acquired!');
  if (!cache.value) cache.value = 'cached';
  sys.utils.concurrency.unlock('cache-lock');
} catch (e) {
  sys.logs.error('lock NOT acquired!');
}
if (sys.utils.concurrency.lock('lock2')) {
  try {
    log('lock acquired!');
  } finally {
    sys.utils.concurrency.forceUnlock('lock2');
  }
}
return [result, cache.value, sys.utils.concurrency.tryLock('lock1')];
