// follows: slingr-docs, content/en/dev-reference/data-model-and-logic/actions.md (after action: sys.ui.sendMessage navigate)
// app: utils
// expect: "sent"
var ticket = sys.data.createRecord('tickets');
ticket.field('title').val('Open me');
sys.data.save(ticket);
var record = sys.data.findOne('tickets', { title: 'Open me' });
sys.ui.sendMessage({
  scope: 'global',
  name: 'navigate',
  view: '590ce2e38a2',
  recordId: record.id(),
  callbacks: {
    done: function (originalMessage, callbackData) {
      sys.logs.info('navigated');
    }
  }
});
return 'sent';
