// follows: slingr-docs, "Query language" page (a key through two relationships: ticket → contact → company)
// app: helpdesk
// expect: ["Invoice wrong"]
var acme = sys.data.createRecord('crm.companies');
acme.field('name').val('Acme');
acme.field('country').val('Argentina');
sys.data.save(acme);
var other = sys.data.createRecord('crm.companies');
other.field('name').val('Other');
other.field('country').val('Chile');
sys.data.save(other);
[['Ann', acme, 'Invoice wrong'], ['Bob', other, 'Password reset']].forEach(function (row) {
  var contact = sys.data.createRecord('crm.contacts');
  contact.field('lastName').val(row[0]);
  contact.field('company').val(row[1]);
  sys.data.save(contact);
  var t = sys.data.createRecord('support.tickets');
  t.field('title').val(row[2]);
  t.field('contact').val(contact);
  sys.data.save(t);
});
var titles = [];
var rs = sys.data.find('support.tickets', { 'contact.company.country': 'like(arg)' });
while (rs.hasNext()) titles.push(rs.next().field('title').val());
return titles;
