// follows: slingr-docs, content/en/dev-reference/scripting/sys-utils.md (concurrency.lock; a key that is not a string fails with a coded error)
// app: utils
// expect-error: badRequest
var ticket = sys.data.createRecord('tickets');
sys.utils.concurrency.lock(ticket.id());
return 'unreachable';
