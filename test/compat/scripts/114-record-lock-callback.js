// follows: slingr-docs, "sys.data" page, Record lock(callback) (released after the callback, record refreshed)
// app: records
// expect: {"inside":"Blogpad","notes":"done in callback","version":2}
var company = sys.data.createRecord('companies');
company.field('name').val('Blogpad');
sys.data.save(company);
company = sys.data.findOne('companies', {name: 'Blogpad'});
var inside = null;
company.lock(function (record) {
  inside = record.field('name').val();
  var copy = sys.data.findById('companies', record.id());
  copy.field('notes').val('done in callback');
  sys.data.save(copy);
});
return {inside: inside, notes: company.field('notes').val(), version: company.toJson().version};
