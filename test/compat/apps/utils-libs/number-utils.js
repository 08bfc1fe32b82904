// Money helpers shared by scripts and hooks; uses sys.utils. `loads` counts how often it ran.
var loads = 0;
loads += 1;

exports.loads = function () {
  return loads;
};

exports.sum = function (values) {
  var total = sys.utils.numbers.BigNumber(0);
  for (var i = 0; i < values.length; i++) total = total.plus(values[i]);
  return total.toString();
};

exports.money = function (value) {
  return '$ ' + sys.utils.numbers.format(value, { thousandsSeparator: true, limitNumberOfDecimals: true, numberOfDecimals: 2, limitRuleType: 'ROUND' });
};
