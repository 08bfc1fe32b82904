// follows: slingr-docs, "Query language" page (filtering by a field of the related record, 'company.type' style keys in a query map)
// app: helpdesk
// expect: ["Broken invoice","Late delivery"]
function company(name, isCustomer) {
  var c = sys.data.createRecord('crm.companies');
  c.field('name').val(name);
  c.field('isCustomer').val(isCustomer);
  return sys.data.save(c);
}
function ticket(title, c) {
  var t = sys.data.createRecord('support.tickets');
  t.field('title').val(title);
  if (c) t.field('company').val(c);
  sys.data.save(t);
}
var acme = company('Acme', true);
var globex = company('Globex', false);
ticket('Late delivery', acme);
ticket('Spam', globex);
ticket('Broken invoice', acme);
ticket('No company');
var titles = [];
var rs = sys.data.find('support.tickets', { 'company.isCustomer': true, _sortField: 'title', _sortType: 'asc' });
while (rs.hasNext()) {
  titles.push(rs.next().field('title').val());
}
return titles;
