// follows: slingr-docs, content/en/dev-reference/scripting/sys-utils.md (numbers.BigNumber for exact sums of decimal amounts)
// app: utils
// expect: ["0.3","0.30000000000000004","60.6","33.33333333333333333333",true]
var n = 0.2;
var bigNumber = sys.utils.numbers.BigNumber(0.1);
var exact = bigNumber.plus(n).toString();
var total = sys.utils.numbers.BigNumber(0);
var amounts = [10.1, 20.2, 30.3];
for (var i = 0; i < amounts.length; i++) {
  var t = sys.data.createRecord('tickets');
  t.field('title').val('Invoice ' + i);
  t.field('amount').val(amounts[i]);
  sys.data.save(t);
}
var tickets = sys.data.find('tickets', {});
while (tickets.hasNext()) {
  total = total.plus(tickets.next().field('amount').val());
}
var third = new sys.utils.numbers.BigNumber(100).dividedBy(3);
return [exact, String(0.1 + 0.2), total.toString(), third.toString(), total.isGreaterThan(60)];
