// follows: slingr-docs, "Relationship type" page (id(), label() and fetch() of the related record)
// app: records
// expect: {"label":"Acme","fetched":"a","sameId":true,"empty":null}
var company = sys.data.createRecord('companies');
company.field('name').val('Acme');
company.field('type').val('a');
sys.data.save(company);
var contact = sys.data.createRecord('contacts');
contact.field('lastName').val('Smith');
contact.field('company').val(company.id());
sys.data.save(contact);
contact = sys.data.findOne('contacts', {lastName: 'Smith'});
var related = contact.field('company').fetch();
var other = sys.data.createRecord('contacts');
return {
  label: contact.field('company').label(),
  fetched: related.field('type').val(),
  sameId: contact.field('company').id() === company.id(),
  empty: other.field('company').id()
};
