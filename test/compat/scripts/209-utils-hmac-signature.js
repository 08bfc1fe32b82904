// follows: slingr-docs, content/en/dev-reference/scripting/sys-utils.md (crypto.hashHmac in HEX and BASE64, hs256, verifySignatureWithHmac of a webhook)
// app: utils
// expect: [true,true,true,false]
var body = JSON.stringify({ event: 'ticket.created', id: 42 });
var hex = sys.utils.crypto.hashHmac(body, 'mySecretKey', 'HmacSHA256');
log('Hmac hex String : ' + hex);
var b64 = sys.utils.crypto.hashHmac(body, 'mySecretKey', 'HmacSHA256', 'BASE64');
log('Hmac base64 String : ' + b64);
var hs = sys.utils.crypto.hs256(body, 'mySecretKey');
return [
  hs === hex,
  sys.utils.crypto.verifySignatureWithHmac(body, hex, 'mySecretKey', 'HmacSHA256'),
  sys.utils.crypto.jwt.verifySignatureWithHmac(body, b64, 'mySecretKey', 'HmacSHA256'),
  sys.utils.crypto.verifySignatureWithHmac(body + ' ', hex, 'mySecretKey', 'HmacSHA256')
];
