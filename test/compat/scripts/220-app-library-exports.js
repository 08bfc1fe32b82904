// follows: slingr-docs, content/en/dev-reference/data-model-and-logic/libraries.md (app.<library> functions and constants filled into exports)
// app: utils
// expect: ["Printer","printer-on-fire-2",100,50000,"undefined"]
var title = app.commons.stringUtils.capitalize('PRINTER');
var slug = app.commons.stringUtils.slug('Printer on fire #2');
var hidden = typeof app.commons.stringUtils.privateFunction;
return [title, slug, app.orderRules.MAX_ORDERS, app.orderRules.MAX_AMOUNT, hidden];
