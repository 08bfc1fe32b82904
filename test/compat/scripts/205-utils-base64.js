// follows: slingr-docs, content/en/dev-reference/scripting/sys-utils.md (base64.encode and base64.decode of a password)
// app: utils
// expect: ["VGhpc19pc19hX3Bhc3M=","This_is_a_pass","Señor Müller"]
var pass = 'This_is_a_pass';
var encodedPass = sys.utils.base64.encode(pass);
log('Encoded pass: ' + encodedPass);
var rawPass = sys.utils.base64.decode('VGhpc19pc19hX3Bhc3M=');
log('Pass: ' + rawPass);
var name = sys.utils.base64.decode(sys.utils.base64.encode('Señor Müller'));
return [encodedPass, rawPass, name];
