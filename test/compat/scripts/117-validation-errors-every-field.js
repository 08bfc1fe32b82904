// follows: slingr-docs, "sys.exceptions" page (getAdditionalInfo) and the REST validationErrors body (every bad field listed)
// app: records
// expect: [["type","contactEmail"],"validationErrors",0]
var company = sys.data.createRecord('companies');
company.field('name').val('Oodoo');
company.field('type').val('z');
company.field('contactEmail').val('not-an-email');
var fields = [];
var code = null;
try {
  sys.data.save(company);
} catch (e) {
  code = sys.exceptions.getCode(e);
  var errors = sys.exceptions.getAdditionalInfo(e).errors;
  for (var i = 0; i < errors.length; i++) fields.push(errors[i].field);
}
return [fields, code, sys.data.count('companies', {})];
