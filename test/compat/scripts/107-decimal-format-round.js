// follows: slingr-docs, "Decimal type" page (format options limitRuleType TRUNCATE and ROUND)
// app: records
// expect: ["2.67","2.66","2.7","3"]
var company = sys.data.createRecord('companies');
company.field('name').val('ABC');
company.field('rating').val(2.6666);
sys.data.save(company);
var rating = company.field('rating');
return [
  rating.format({limitNumberOfDecimals: true, numberOfDecimals: 2, limitRuleType: 'ROUND'}),
  rating.format({limitNumberOfDecimals: true, numberOfDecimals: 2, limitRuleType: 'TRUNCATE'}),
  rating.format({limitNumberOfDecimals: true, numberOfDecimals: 1, limitRuleType: 'ROUND'}),
  rating.format({limitNumberOfDecimals: true, numberOfDecimals: 0, limitRuleType: 'ROUND'})
];
