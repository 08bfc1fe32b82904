// follows: slingr-docs, content/en/dev-reference/scripting/sys-utils.md (text.processTemplate with a record's toJson as the model)
// app: utils
// expect: "Hi Printer on fire (OPEN):\n\nWe got your ticket, priority 2.\nThanks!"
var ticket = sys.data.createRecord('tickets');
ticket.field('title').val('Printer on fire');
ticket.field('priority').val(2);
sys.data.save(ticket);
var found = sys.data.findOne('tickets', { title: 'Printer on fire' });
var template = 'Hi ${ticket.title} (${ticket.status}):\n\nWe got your ticket, priority ${ticket.priority}.\n${footer!"Thanks!"}';
var content = sys.utils.text.processTemplate(template, {
  model: {
    ticket: found.toJson()
  }
});
log('email content: ' + content);
return content;
