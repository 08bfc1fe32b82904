// follows: slingr-docs, "sys.data" page (createRecord, save, findOne) on an entity named in a namespace, as platform-metadata-samples name them
// app: helpdesk
// expect: {"count":2,"title":"Printer on fire","entity":"support.tickets"}
var titles = ['Printer on fire', 'VPN down'];
for (var i = 0; i < titles.length; i++) {
  var ticket = sys.data.createRecord('support.tickets');
  ticket.field('title').val(titles[i]);
  ticket.field('priority').val(i + 1);
  sys.data.save(ticket);
}
var found = sys.data.findOne('support.tickets', { priority: 1 });
return {
  count: sys.data.count('support.tickets'),
  title: found.field('title').val(),
  entity: found.entityName()
};
