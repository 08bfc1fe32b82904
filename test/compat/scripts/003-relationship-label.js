// follows: slingr-docs, "Relationship type" page (setting a relationship by record, reading label(); the page lists no name())
// app: crm
// expect: {"label":"Acme","same":true}
var company = sys.data.createRecord('companies');
company.field('name').val('Acme');
sys.data.save(company);
var contact = sys.data.createRecord('contacts');
contact.field('lastName').val('Smith');
contact.field('company').val(company);
sys.data.save(contact);
var again = sys.data.findById('contacts', contact.id());
return { label: again.field('company').label(), same: again.field('company').id() === company.id() };
