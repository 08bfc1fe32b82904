// follows: slingr-docs, "Query language" page (find with a query map, then count)
// app: crm
// expect: 2
['Acme', 'Globex', 'Initech'].forEach((name, i) => {
  var company = sys.data.createRecord('companies');
  company.field('name').val(name);
  company.field('type').val(i < 2 ? 'a' : 'b');
  sys.data.save(company);
});
var companies = sys.data.find('companies', { type: 'a' });
return companies.count();
