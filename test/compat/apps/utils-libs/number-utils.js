// Money helpers shared by scripts and hooks; uses another library and sys.utils.
var loads = (typeof loads === 'number' ? loads : 0) + 1;

exports.loads = () => loads;

exports.sum = (values) => {
  var total = sys.utils.numbers.BigNumber(0);
  for (var i = 0; i < values.length; i++) total = total.plus(values[i]);
  return total.toString();
};

exports.money = (value) =>
  '$ ' +
  sys.utils.numbers.format(value, {
    thousandsSeparator: true,
    limitNumberOfDecimals: true,
    numberOfDecimals: 2,
    limitRuleType: 'ROUND',
  });
