// follows: slingr-docs, "Relationship type" page (fetch() of a relationship) between namespaced entities
// app: helpdesk
// expect: ["Acme",true,"Acme"]
var company = sys.data.createRecord('crm.companies');
company.field('name').val('Acme');
company.field('isCustomer').val(true);
sys.data.save(company);
var ticket = sys.data.createRecord('support.tickets');
ticket.field('title').val('Cannot log in');
ticket.field('company').val(company);
sys.data.save(ticket);
var again = sys.data.findById('support.tickets', ticket.id());
var related = again.field('company').fetch();
return [again.field('company').label(), related.field('isCustomer').val(), related.label()];
