// follows: slingr-docs, content/en/dev-reference/scripting/sys-utils.md (concurrency.tryLock guarding a shared counter, unlock in finally)
// app: utils
// expect: [true,5]
var acquired = sys.utils.concurrency.tryLock('ticket-counter');
if (acquired) {
  try {
    sys.logs.info('lock acquired!');
    var counter = sys.data.createRecord('counters');
    counter.field('name').val('ticket-counter');
    counter.field('value').val(0);
    sys.data.save(counter);
    for (var i = 0; i < 5; i++) {
      counter.field('value').val(counter.field('value').val() + 1);
      sys.data.save(counter);
    }
  } finally {
    sys.utils.concurrency.unlock('ticket-counter');
  }
}
return [acquired, sys.data.findOne('counters', { name: 'ticket-counter' }).field('value').val()];
