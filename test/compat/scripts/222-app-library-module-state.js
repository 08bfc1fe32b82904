// follows: slingr-docs, content/en/dev-reference/data-model-and-logic/libraries.md (a library loads once per script: its module state is shared by every call)
// app: utils
// expect: [1,1,"0.3","$ 1,234.57"]
var a = app.commons.numberUtils.loads();
var b = app.commons.numberUtils.loads();
return [a, b, app.commons.numberUtils.sum([0.1, 0.2]), app.commons.numberUtils.money(1234.567)];
