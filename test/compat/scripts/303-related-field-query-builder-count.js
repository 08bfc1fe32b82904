// follows: slingr-docs, "sys.data" page (count(queryBuilder)) with a condition on the related record's field
// app: helpdesk
// expect: {"customers":4,"bigCustomers":1}
var names = ['Acme', 'Globex', 'Initech'];
var employees = [500, 20, 10];
for (var i = 0; i < names.length; i++) {
  var c = sys.data.createRecord('crm.companies');
  c.field('name').val(names[i]);
  c.field('isCustomer').val(i !== 1);
  c.field('employees').val(employees[i]);
  sys.data.save(c);
  for (var j = 0; j <= i; j++) {
    var contact = sys.data.createRecord('crm.contacts');
    contact.field('lastName').val(names[i] + ' contact ' + j);
    contact.field('company').val(c);
    sys.data.save(contact);
  }
}
var query = sys.data.createQuery('crm.contacts').field('company.isCustomer').equals(true);
var big = sys.data.createQuery('crm.contacts')
  .field('company.isCustomer').equals(true)
  .field('company.employees').greater(100);
return { customers: sys.data.count(query), bigCustomers: sys.data.count(big) };
