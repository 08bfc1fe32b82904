// follows: slingr-docs, "sys.data" page, save() sample "catches validation errors" (val('invalid') then save in try)
// app: records
// expect: "validationErrors"
var company = sys.data.createRecord('companies');
company.field('name').val('Oodoo');
sys.data.save(company);
company = sys.data.findById('companies', company.id());
company.field('type').val('invalid');
var code = null;
try {
  sys.data.save(company);
} catch (e) {
  log(e.code() + ': ' + e.message());
  code = e.code();
}
return code;
