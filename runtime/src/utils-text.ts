import { badRequest } from '@warden/sys-api';
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { marked } from 'marked';
import { NodeHtmlMarkdown } from 'node-html-markdown';
import { describe } from './bind-args.js';

/** The conversions `sys.utils.text` and `sys.utils.xml` hand to the host. */
export type TextConversion = 'markdownToHtml' | 'htmlToMarkdown' | 'xmlToJson' | 'jsonToXml';

const NAMESPACE: Record<TextConversion, string> = {
  markdownToHtml: 'sys.utils.text',
  htmlToMarkdown: 'sys.utils.text',
  xmlToJson: 'sys.utils.xml',
  jsonToXml: 'sys.utils.xml',
};

// Attributes become keys beside the children, and text beside children goes to `content`, as
// Slingr's (org.json's) conversion gives them; `<a>1</a>` reads as the number 1 there too.
// No DOCTYPE entity is expanded (processEntities off): an XML bomb stays text.
const XML_OPTIONS = {
  ignoreAttributes: false,
  attributeNamePrefix: '',
  textNodeName: 'content',
  processEntities: false,
  htmlEntities: false,
};
let parser: XMLParser | undefined;
let builder: XMLBuilder | undefined;
let htmlToMd: NodeHtmlMarkdown | undefined;

/** Runs one conversion over a script's value; bad input is a badRequest naming the sys call. */
export function convertText(kind: TextConversion, value: unknown): unknown {
  const op = `${NAMESPACE[kind]}.${kind}`;
  if (kind === 'jsonToXml') {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw badRequest(`${op}: json must be an object, got ${describe(value)}`);
    }
    // Every key becomes an element (`content` the text): an object has no way to mark attributes.
    builder ??= new XMLBuilder({ textNodeName: 'content', ignoreAttributes: true, processEntities: true });
    return builder.build(value) as string;
  }
  if (typeof value !== 'string') throw badRequest(`${op}: the text must be a string, got ${describe(value)}`);
  switch (kind) {
    case 'markdownToHtml':
      return marked.parse(value, { async: false, gfm: true }) as string;
    case 'htmlToMarkdown':
      htmlToMd ??= new NodeHtmlMarkdown();
      return htmlToMd.translate(value);
    case 'xmlToJson': {
      const valid = XMLValidator.validate(value);
      if (valid !== true) {
        const { msg, line } = valid.err;
        throw badRequest(`${op}: the text is not well-formed XML: ${msg} (line ${line})`);
      }
      parser ??= new XMLParser(XML_OPTIONS);
      return parser.parse(value) as unknown;
    }
  }
}
