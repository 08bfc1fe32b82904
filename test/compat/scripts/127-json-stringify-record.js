// follows: slingr-docs, "sys.data" page, Record toJson() (logging a record as JSON)
// app: records
// expect: {"name":"Acme","type":"b","entity":"companies","hasId":true}
var company = sys.data.createRecord('companies');
company.field('name').val('Acme');
company.field('type').val('b');
sys.data.save(company);
var text = JSON.stringify(sys.data.findById('companies', company.id()));
log('company: ' + text);
var json = JSON.parse(text);
return {name: json.name, type: json.type, entity: json.entity, hasId: typeof json.id === 'string'};
