// follows: slingr-docs, "URL type" page (val() with a label in markdown, url() and text())
// app: records
// expect: ["url+label: (http://www.test.com)<Test>","url: http://www.test.com","label: Test","http://www.test1.com"]
var record = sys.data.createRecord('companies');
record.field('name').val('Test');
record.field('homepage').val('(http://www.test.com)<Test>');
sys.data.save(record);
record = sys.data.findById('companies', record.id());
var out = [];
out.push('url+label: ' + record.field('homepage').val());
out.push('url: ' + record.field('homepage').url());
out.push('label: ' + record.field('homepage').text());
record.field('homepage').val('http://www.test1.com');
out.push(record.field('homepage').url());
return out;
