// follows: slingr-docs, content/en/dev-reference/scripting/sys-utils.md (numbers.format with display options, numbers.getRandomValue)
// app: utils
// expect: ["12,345.123","12345.12","12,345.13",true]
var options = { thousandsSeparator: true, limitNumberOfDecimals: true, numberOfDecimals: 3 };
var formattedNumber = sys.utils.numbers.format(12345.12345, options);
log('Result: ' + formattedNumber);
var truncated = sys.utils.numbers.format(12345.129, { limitNumberOfDecimals: true });
var rounded = sys.utils.numbers.format(12345.129, { thousandsSeparator: true, limitNumberOfDecimals: true, limitRuleType: 'ROUND' });
var randomNumber = sys.utils.numbers.getRandomValue();
log('Result: ' + randomNumber);
return [formattedNumber, truncated, rounded, randomNumber >= 0 && randomNumber < 1];
