// follows: slingr-docs, "Listeners" page (a before-create hook on an entity named in a namespace fills a default)
// app: helpdesk-hooks
// expect: [3,1]
var a = sys.data.createRecord('support.tickets');
a.field('title').val('No priority given');
sys.data.save(a);
var b = sys.data.createRecord('support.tickets');
b.field('title').val('Urgent');
b.field('priority').val(1);
sys.data.save(b);
return [sys.data.findById('support.tickets', a.id()).field('priority').val(), sys.data.findById('support.tickets', b.id()).field('priority').val()];
