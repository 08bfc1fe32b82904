// follows: slingr-docs, "sys.data" page, Record entityName() / entityId() samples
// app: records
// expect: ["Entity name: companies","Entity id: companies",true]
var company = sys.data.createRecord('companies');
company.field('name').val('Acme');
company.field('type').val('a');
sys.data.save(company);
company = sys.data.findOne('companies', {type: 'a'});
return ['Entity name: ' + company.entityName(), 'Entity id: ' + company.entityId(), company.parent() === null];
