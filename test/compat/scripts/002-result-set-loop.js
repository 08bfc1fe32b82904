// follows: slingr-docs, "sys.data" page (iterating a result set with hasNext/next)
// app: crm
// expect: ["Acme","Globex"]
['Globex', 'Acme'].forEach((name) => {
  var company = sys.data.createRecord('companies');
  company.field('name').val(name);
  sys.data.save(company);
});
var names = [];
var rs = sys.data.find('companies', { _sortField: 'name', _sortType: 'asc' });
while (rs.hasNext()) {
  var c = rs.next();
  names.push(c.field('name').val());
}
return names;
