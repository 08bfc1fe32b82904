// follows: slingr-docs, content/en/dev-reference/scripting/sys-context.md (a sample logs sys.utils.text.recordToString(record))
// app: utils
// expect: true
var ticket = sys.data.createRecord('tickets');
ticket.field('title').val('Logged ticket');
sys.data.save(ticket);
var text = sys.utils.text.recordToString(ticket);
log('record: ' + text);
return text.indexOf('Logged ticket') > 0 && text.indexOf('tickets') === 0;
