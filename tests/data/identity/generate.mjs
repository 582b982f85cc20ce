// Builds the identity corpus: odd, malformed and hostile HTML documents that carry no
// Shelfwise marker, so the only correct output for each of them is its own bytes, with or
// without a profile cookie (tests/worker/identity.test.mjs drives them through the worker).
//
//   node tests/data/identity/generate.mjs          # (re)writes corpus.json next to this file
//   node tests/data/identity/generate.mjs --check  # exits 1 if corpus.json is not what this builds
//
// No dependencies, no randomness beyond a fixed-seed generator: the same file every run.
// corpus.json is a JSON array of `{ "name", "html" }`, one document per line, names unique
// kebab-case (they become file names in the test). JSON strings hold Unicode text, so raw
// bytes are represented by the characters they would decode to (a BOM is U+FEFF).
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const OUT = resolve(here, "corpus.json");

const docs = [];
function add(name, html) {
  docs.push({ name, html });
}

const TAIL = "<p>tail</p>";

/** The usual page around a body fragment. */
function page(body, { head = "", doctype = "<!doctype html>\n" } = {}) {
  return `${doctype}<html lang="en"><head><meta charset="utf-8"><title>Identity</title>${head}</head><body>\n<h1>Shop</h1>\n${body}\n</body></html>\n`;
}

// ---------------------------------------------------------------------------------------
// 1. Raw-text and escapable-raw-text elements × insertion-mode contexts × spellings.
// ---------------------------------------------------------------------------------------

const RAW_TEXT = ["script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"];
const ESCAPABLE_RAW_TEXT = ["textarea", "title"];
const TEXT_ELEMENTS = [...RAW_TEXT, ...ESCAPABLE_RAW_TEXT];

/** Content that means markup anywhere but inside a text element. */
function content(element) {
  return `a < b && c > d <b>bold</b> &amp; &lt;x&gt; </select></p><!-- c --><img src=x alt="${element}"> </${element}x>`;
}

/** Ways to write the element: `closed` as usual, `unclosed` up to the end of the page, `odd-case` with attributes and an oddly spelt end tag. */
const SPELLINGS = {
  closed: (e) => `<${e}>${content(e)}</${e}>`,
  unclosed: (e) => `<${e}>${content(e)}`,
  "odd-case": (e) => {
    const mixed = [...e].map((ch, i) => (i % 2 ? ch.toUpperCase() : ch)).join("");
    return `<${e.toUpperCase()} class="k" id=v title='t'>${content(e)}</${mixed} foo="bar" >`;
  },
};

const skeleton = (body) => page(`${body}${TAIL}`);

/** Insertion-mode contexts: each puts `x` (then a tail) where that mode is in force. */
const CONTEXTS = {
  // No skeleton at all: a fragment.
  fragment: (x) => `${x}${TAIL}`,
  body: (x) => skeleton(x),
  "unclosed-p": (x) => skeleton(`<p>before ${x}`),
  head: (x) => `<!doctype html>\n<html><head><meta charset="utf-8">${x}</head><body>${TAIL}</body></html>\n`,
  "before-head": (x) => `<!doctype html>\n<html>${x}<head><title>t</title></head><body>${TAIL}</body></html>\n`,
  "after-head": (x) => `<!doctype html>\n<html><head><title>t</title></head>\n${x}<body>${TAIL}</body></html>\n`,
  "head-template": (x) => `<!doctype html>\n<html><head><template>${x}</template></head><body>${TAIL}</body></html>\n`,
  select: (x) => skeleton(`<form><select name="s"><option value="1">One</option>${x}</select></form>`),
  "select-unclosed": (x) => skeleton(`<select name="s"><option>One${x}`),
  "select-option": (x) => skeleton(`<select><option>${x}</option></select>`),
  "select-optgroup": (x) => skeleton(`<select><optgroup label="g">${x}</optgroup></select>`),
  "select-in-table": (x) => skeleton(`<table><tr><td><select>${x}</select></td></tr></table>`),
  "select-template": (x) => skeleton(`<select><template>${x}</template></select>`),
  "select-multiple": (x) => skeleton(`<select multiple size=3><option selected>a<option>b${x}</select>`),
  table: (x) => skeleton(`<table>${x}<tr><td>cell</td></tr></table>`),
  "table-tbody": (x) => skeleton(`<table><tbody>${x}<tr><td>cell</td></tr></tbody></table>`),
  "table-tr": (x) => skeleton(`<table><tr>${x}<td>cell</td></tr></table>`),
  "table-td": (x) => skeleton(`<table><tr><td>${x}</td></tr></table>`),
  "table-caption": (x) => skeleton(`<table><caption>${x}</caption><tr><td>cell</td></tr></table>`),
  "table-colgroup": (x) => skeleton(`<table><colgroup>${x}<col></colgroup><tr><td>cell</td></tr></table>`),
  frameset: (x) =>
    `<!doctype html>\n<html><head><title>t</title></head><frameset cols="50%,50%">${x}<frame src="a.html">${TAIL}</frameset></html>\n`,
  "nested-frameset": (x) =>
    `<!doctype html>\n<html><head><title>t</title></head><frameset rows="*"><frameset cols="*">${x}</frameset></frameset>${TAIL}</html>\n`,
  "after-frameset": (x) =>
    `<!doctype html>\n<html><head><title>t</title></head><frameset><frame src="a.html"></frameset>\n${x}${TAIL}</html>\n`,
  "after-frameset-html": (x) =>
    `<!doctype html>\n<html><head><title>t</title></head><frameset><frame src="a.html"></frameset></html>\n${x}${TAIL}\n`,
  "after-body": (x) => `<!doctype html>\n<html><head><title>t</title></head><body><p>body</p></body>\n${x}${TAIL}</html>\n`,
  "after-html": (x) => `<!doctype html>\n<html><head><title>t</title></head><body><p>body</p></body></html>\n${x}${TAIL}\n`,
  template: (x) => skeleton(`<template id="t">${x}</template>`),
  svg: (x) => skeleton(`<svg viewBox="0 0 10 10" width="10">${x}</svg>`),
  "svg-foreignobject": (x) => skeleton(`<svg><foreignObject width="10" height="10">${x}</foreignObject></svg>`),
  "svg-desc": (x) => skeleton(`<svg><desc>${x}</desc></svg>`),
  math: (x) => skeleton(`<math>${x}</math>`),
  "math-mi": (x) => skeleton(`<math><mi>${x}</mi></math>`),
  "math-annotation-xml-html": (x) =>
    skeleton(`<math><annotation-xml encoding="text/html">${x}</annotation-xml></math>`),
  "math-annotation-xml": (x) => skeleton(`<math><annotation-xml>${x}</annotation-xml></math>`),
};

for (const [context, wrap] of Object.entries(CONTEXTS)) {
  for (const element of TEXT_ELEMENTS) {
    for (const [spelling, write] of Object.entries(SPELLINGS)) {
      add(`${element}-${spelling}-in-${context}`, wrap(write(element)));
    }
  }
}

// Text elements one inside another (the first decides how the second is read).
for (const outer of ["select", "frameset", "svg", "math", "template", "table"]) {
  for (const [first, second] of [["plaintext", "script"], ["xmp", "style"], ["noscript", "iframe"], ["title", "textarea"]]) {
    const pair = `<${first}><${second}>x</${second}></${first}>`;
    add(`${first}-then-${second}-in-${outer}`, CONTEXTS[outer](pair));
  }
}

// ---------------------------------------------------------------------------------------
// 2. Unclosed, misnested and stray tags.
// ---------------------------------------------------------------------------------------

const MISNESTED = {
  "b-i-crossed": "<b><i>x</b>y</i>",
  "b-p-adoption": "<b><p>x</b>y</p>",
  "a-in-a": '<a href="/1">one<div><a href="/2">two</a></div></a>',
  "formatting-depth-12": "<a><b><big><code><em><font><i><nobr><s><small><strike><strong><tt><u>x</a>y",
  "unclosed-p": "<p>one<p>two<p>three",
  "unclosed-li": "<ul><li>one<li>two<li>three</ul>",
  "unclosed-li-no-ul-end": "<ul><li>one<li>two",
  "unclosed-dl": "<dl><dt>term<dd>def<dt>term2<dd>def2</dl>",
  "unclosed-td": "<table><tr><td>a<td>b<tr><td>c</table>",
  "unclosed-option": "<select><option>a<option>b<optgroup label=x><option>c</select>",
  "div-span-crossed": "<div><span>x</div>y</span>",
  "headings-crossed": "<h1><h2>x</h1>y</h2>",
  "form-in-form": '<form action="/a"><form action="/b"><input name=x></form></form>',
  "table-foster-text": "<table>foster <b>bold</b><tr><td>cell</td></tr>text</table>",
  "table-foster-div": "<table><div>fostered</div><tr><td>cell</td></tr></table>",
  "nobr-nobr": "<nobr>a<nobr>b</nobr>c",
  "font-p": '<font color="red"><p>x</font>y</p>',
  "li-in-p": "<p><li>item</p>",
  "button-in-button": "<button>a<button>b</button></button>",
  "table-in-p": "<p><table><tr><td>x</td></tr></table>",
  "select-in-select": "<select><option>a<select><option>b</select>",
  "input-in-select": "<select><option>a<input name=i><option>b</select>",
  "keygen-in-select": "<select><option>a<keygen name=k></select>",
  "textarea-closes-select": "<select><option>a<textarea>t</textarea></select>",
  "customizable-select": "<select><button><selectedcontent></selectedcontent></button><option><img src=x alt=i>One</option></select>",
  "select-div-inside": "<select><div><option>a</option></div><span>b</span></select>",
  "ruby-unclosed": "<ruby>漢<rb>字<rt>kan<rt>ji<rp>(</ruby>",
  "heading-in-heading-in-li": "<ul><li><h3>a<li><h3>b</ul>",
  "image-tag": '<image src="x.png">',
  "isindex": '<isindex prompt="search">',
  "listing-newline": "<listing>\nfirst line\n</listing>",
  "pre-newlines": "<pre>\n\nkept</pre>",
  "custom-elements": "<x-foo><my-el/>inner</x-foo><a-b-c d-e=f></a-b-c>",
  "template-in-table": "<table><template><tr><td>x</td></tr></template><tr><td>y</td></tr></table>",
  "html-body-in-body": '<body class="second"><html lang="fr"><head><title>x</title></head>',
  "frameset-after-content": "<p>content</p><frameset><frame src=a></frameset>",
  "object-param": '<object data="x"><param name=a value=b><embed src=y></object>',
  "svg-unclosed": '<svg><g><circle r="1">',
  "math-unclosed": "<math><mrow><mi>x",
  "svg-html-breakout": "<svg><g><p>breaks out</p></g></svg>",
  "math-mtext-table": "<math><mtext><table><mglyph><style>x</style></mglyph></table></mtext></math>",
};
for (const [name, html] of Object.entries(MISNESTED)) {
  add(`misnested-${name}`, skeleton(html));
  add(`misnested-${name}-fragment`, `${html}${TAIL}`);
}

const STRAY_END_TAGS = [
  "div", "p", "br", "html", "body", "head", "select", "table", "tr", "td", "template", "svg", "math",
  "frameset", "script", "style", "plaintext", "textarea", "title", "form", "option", "li", "a", "b",
];
for (const tag of STRAY_END_TAGS) {
  add(`stray-end-${tag}`, skeleton(`<div>before</${tag}>after</div>`));
}
add("stray-end-empty", skeleton("</>x"));
add("stray-end-space", skeleton("</ div>x"));
add("stray-end-digit", skeleton("</3>x"));
add("stray-end-with-attributes", skeleton('</div class="x" id=y>x'));
add("stray-end-self-closing", skeleton("</div/>x"));
add("stray-end-before-doctype", `</html></body></p><!doctype html>\n<html><body>${TAIL}</body></html>`);
add("stray-end-in-head", `<!doctype html>\n<html><head></p></div></body><title>t</title></head><body>${TAIL}</body></html>`);

// ---------------------------------------------------------------------------------------
// 3. NUL bytes and line endings.
// ---------------------------------------------------------------------------------------

const NUL = "\u0000";
const CONTROL = {
  "nul-in-text": `a${NUL}b`,
  "nul-in-tag-name": `<di${NUL}v>x</di${NUL}v>`,
  "nul-in-attribute-name": `<div cl${NUL}ass="x">x</div>`,
  "nul-in-attribute-value": `<div class="a${NUL}b" id='c${NUL}' title=d${NUL}e>x</div>`,
  "nul-in-comment": `<!-- a${NUL}b -->`,
  "nul-in-script": `<script>var a = "${NUL}";</script>`,
  "nul-in-style": `<style>a{content:"${NUL}"}</style>`,
  "nul-in-textarea": `<textarea>a${NUL}b</textarea>`,
  "nul-in-title": `<title>a${NUL}b</title>`,
  "nul-in-plaintext": `<plaintext>a${NUL}b`,
  "nul-in-select": `<select><option>a${NUL}b</option>${NUL}</select>`,
  "nul-in-svg": `<svg>${NUL}<g>${NUL}</g></svg>`,
  "nul-in-cdata": `<svg><![CDATA[a${NUL}b]]></svg>`,
  "nul-in-end-tag": `<b>x</b${NUL}>`,
  "nul-entity": "&#0;&#x0;",
  "nul-run": NUL.repeat(64),
  "lone-cr": "line one\rline two\r\rline three",
  crlf: "line one\r\nline two\r\n\r\n",
  "mixed-line-endings": "a\r\nb\nc\rd\n\re\r\r\n",
  "cr-in-tag": '<div\rclass="x"\r\nid=y\r>x</div\r>',
  "cr-in-attribute-value": '<div title="a\rb\r\nc">x</div>',
  "cr-in-textarea": "<textarea>\r\nfirst\r</textarea>",
  "cr-in-pre": "<pre>\r\n\r\nkept</pre>",
  "cr-in-script": "<script>\r//x\r</script\r>",
  "cr-in-comment": "<!--\r-\r->\r-->",
  "cr-entity": "&#13;&#x0d;&#x0D;",
  "form-feed-separators": '<div\fclass="x"\fid=y>x</div>',
  "tabs-and-vertical-tab": '<div\tclass="x"\vid=y>\v\t</div>',
  "c1-controls": "\u0080\u0085\u009f",
};
for (const [name, html] of Object.entries(CONTROL)) {
  add(`control-${name}`, skeleton(html));
  add(`control-${name}-fragment`, `${html}${TAIL}`);
}
add("control-cr-at-end", `${skeleton("x")}\r`);
add("control-nul-at-end", `${skeleton("x")}${NUL}`);
add("control-crlf-page", skeleton("<p>a</p>\n<p>b</p>").replaceAll("\n", "\r\n"));
add("control-cr-page", skeleton("<p>a</p>\n<p>b</p>").replaceAll("\n", "\r"));

// ---------------------------------------------------------------------------------------
// 4. Broken attributes.
// ---------------------------------------------------------------------------------------

const ATTRIBUTES = {
  "unterminated-double-quote": '<a href="x>link</a>',
  "unterminated-single-quote": "<a href='x>link</a>",
  "quote-swallows-tail": '<div title="open>text</div><p class="a">b</p>',
  "no-values": "<input disabled checked readonly required>",
  "duplicate": '<div id="a" id="b" class="c" class="d" CLASS="e">x</div>',
  "slash-before-attribute": "<div/ class=x>x</div>",
  "slash-between-attributes": '<div class="a"/id="b"/>x</div>',
  "self-closing-div": "<div/>inside?</div>",
  "self-closing-span": "<span/>inside?",
  "self-closing-p": "<p/>x",
  "self-closing-script": "<script/>var x = 1;</script>",
  "self-closing-style": "<style/>a{}</style>",
  "self-closing-textarea": "<textarea/>t</textarea>",
  "self-closing-title": "<title/>t</title>",
  "self-closing-select": "<select/><option>a</select>",
  "self-closing-iframe": "<iframe/>x</iframe>",
  "self-closing-void": '<br/><img src="x"/><hr / ><input/ >',
  "quote-in-unquoted": '<div class=x"y title=a\'b>x</div>',
  "equals-first": '<div ="x">x</div>',
  "empty-value": "<div a= b=>x</div>",
  "double-equals": "<div a==b>x</div>",
  "quoted-name": '<div "a" \'b\'>x</div>',
  "mixed-quotes": "<div a='b\"c' d=\"e'f\">x</div>",
  "lt-in-tag": "<div <div>x</div>",
  "lt-in-unquoted-value": "<div a=b<c>x</div>",
  "backtick-value": "<div a=`b` c=`d e`>x</div>",
  "framework-names": '<div @click="go()" :class="c" #ref=r [prop]="p" (event)="e()" *if="y" v-on:x.y=z>x</div>',
  "uppercase": '<DIV CLASS="X" ID=Y>x</DIV>',
  "no-space-between": '<div class="a"id="b"title=\'c\'>x</div>',
  "newlines-in-tag": '<div\n\nclass\n=\n"x"\n>x</div>',
  "entity-in-value": '<a href="?a=1&copy=2&amp;b=3&lt=4&#x3e;">x</a>',
  "gt-in-quoted-value": '<div title="a > b" data-x=\'c > d\'>x</div>',
  "script-in-value": '<div title="</div><script>alert(1)</script>">x</div>',
  "comment-in-value": '<div title="<!-- x -->">x</div>',
  "many-attributes": `<div ${Array.from({ length: 2000 }, (_, i) => `a${i}="${i}"`).join(" ")}>x</div>`,
  "long-name": `<div ${"n".repeat(20000)}="x">x</div>`,
  "non-ascii-names": '<div ñ="1" 名前="2" émoji😀="3">x</div>',
  "event-handlers": '<img src=x onerror="alert(1)"><svg/onload=alert(2)><body onload=alert(3)>',
  "javascript-url": '<a href="javascript:alert(1)">x</a><a href="  JaVaScRiPt:alert(2)">y</a>',
  "srcdoc": "<iframe srcdoc=\"<script>alert(1)</script><select><style>\"></iframe>",
};
for (const [name, html] of Object.entries(ATTRIBUTES)) {
  add(`attribute-${name}`, skeleton(html));
}
for (const name of ["unterminated-double-quote", "self-closing-script", "quote-swallows-tail", "self-closing-select"]) {
  add(`attribute-${name}-fragment`, `${ATTRIBUTES[name]}${TAIL}`);
  add(`attribute-${name}-in-select`, CONTEXTS.select(ATTRIBUTES[name]));
}

// ---------------------------------------------------------------------------------------
// 5. Comments, bogus comments, processing instructions, CDATA.
// ---------------------------------------------------------------------------------------

const COMMENTS = {
  "abrupt-empty": "<!-->",
  "abrupt-dash": "<!--->",
  "empty": "<!---->",
  "double-dash-inside": "<!-- -- -->",
  "bang-end": "<!--x--!>",
  "bang-dash-end": "<!-- --!-->",
  "nested-open": "<!-- <!-- nested --> -->",
  "three-dashes-end": "<!-- x --->",
  "lt-bang-inside": "<!-- <!-- -->",
  "script-inside": "<!--<script>alert(1)</script>-->",
  "select-inside": "<!--<select><style>-->",
  "conditional": "<!--[if IE]><p>ie</p><![endif]-->",
  "downlevel-revealed": "<![if !IE]><p>not ie</p><![endif]>",
  "bogus-bang": "<!x>",
  "bogus-bang-empty": "<!>",
  "bogus-element-decl": "<!ELEMENT br EMPTY>",
  "bogus-slash": "</ x>",
  "bogus-question": "<?x?>",
  "xml-declaration": '<?xml version="1.0" encoding="UTF-8"?>',
  "php": "<?php echo '<p>' . $x; ?>",
  "pi-gt-inside": '<?pi a="1>2"?>',
  "cdata-in-html": "<![CDATA[<p>x</p>]]>",
  "cdata-in-html-gt": "<![CDATA[a > b]]>",
  "cdata-in-svg": "<svg><![CDATA[<p>x</p> & </svg>]]></svg>",
  "cdata-in-math": "<math><![CDATA[<mi>x</mi>]]></math>",
  "cdata-in-foreignobject": "<svg><foreignObject><![CDATA[<b>x</b>]]></foreignObject></svg>",
  "cdata-script-in-svg": "<svg><![CDATA[<script>alert(1)</script>]]></svg>",
  "cdata-style-in-svg": "<svg><![CDATA[</svg><style>]]></svg>",
  "cdata-lowercase": "<svg><![cdata[x]]></svg>",
  "comment-in-select": "<select><!-- <style> --><option>a</select>",
  "comment-in-table": "<table><!-- x --><tr><!-- y --><td>c</td></tr></table>",
  "comment-in-script": "<script><!-- var a = 1; --></script>",
  "script-double-escaped": "<script><!--<script>x</script>y</script>",
  "script-escaped-unclosed": "<script><!--<script>x</script>",
  "script-escaped-dash": "<script><!-- a --><!--<script>--></script>",
  "comment-in-style": "<style><!-- a{} --></style>",
};
for (const [name, html] of Object.entries(COMMENTS)) {
  add(`comment-${name}`, skeleton(html));
  add(`comment-${name}-fragment`, `${html}${TAIL}`);
}
for (const name of ["xml-declaration", "conditional", "abrupt-empty", "bogus-bang"]) {
  add(`comment-${name}-before-doctype`, `${COMMENTS[name]}\n${page(TAIL)}`);
  add(`comment-${name}-after-html`, `${page("x")}${COMMENTS[name]}${TAIL}`);
}

// ---------------------------------------------------------------------------------------
// 6. Doctypes.
// ---------------------------------------------------------------------------------------

const DOCTYPES = {
  missing: "",
  html5: "<!DOCTYPE html>\n",
  "html5-lowercase": "<!doctype html>\n",
  "html5-mixed-case": "<!DoCtYpE HtMl>\n",
  "html401-strict": '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01//EN" "http://www.w3.org/TR/html4/strict.dtd">\n',
  "html401-transitional": '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">\n',
  "html32": '<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 3.2 Final//EN">\n',
  "xhtml-strict": '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n',
  "xhtml-with-prolog": '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" "http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">\n',
  "legacy-compat": '<!DOCTYPE html SYSTEM "about:legacy-compat">\n',
  "single-quotes": "<!DOCTYPE html PUBLIC '-//W3C//DTD HTML 4.01//EN' 'x'>\n",
  empty: "<!DOCTYPE>\n",
  "no-space": "<!DOCTYPEhtml>\n",
  "unterminated-public": '<!DOCTYPE html PUBLIC "-//W3C//DTD>\n',
  "garbage-after": "<!DOCTYPE html bogus junk>\n",
  "internal-subset": '<!DOCTYPE html [ <!ENTITY x "y"> ]>\n',
  twice: "<!doctype html>\n<!doctype html>\n",
  "after-comment": "<!-- first -->\n<!doctype html>\n",
  "after-whitespace": "\n\n   \t<!doctype html>\n",
  "nul-inside": `<!DOCTYPE ht${NUL}ml>\n`,
};
for (const [name, doctype] of Object.entries(DOCTYPES)) {
  add(`doctype-${name}`, page(`<p>body</p>${TAIL}`, { doctype }));
}
add("doctype-in-body", skeleton("<!doctype html>x"));
add("doctype-in-select", skeleton("<select><!doctype html><option>a</select>"));
add("doctype-in-svg", skeleton("<svg><!doctype svg></svg>"));
add("doctype-unterminated-at-eof", `${TAIL}<!doctype html`);

// ---------------------------------------------------------------------------------------
// 7. Encodings: BOMs, look-alike bytes, conflicting charsets, non-ASCII text.
// ---------------------------------------------------------------------------------------

const BOM = "\uFEFF";
add("bom-utf8", `${BOM}${page(TAIL)}`);
add("bom-utf8-fragment", `${BOM}${TAIL}`);
add("bom-twice", `${BOM}${BOM}${page(TAIL)}`);
add("bom-in-middle", skeleton(`a${BOM}b`));
add("bom-in-attribute", skeleton(`<div title="${BOM}">x</div>`));
add("bom-in-select", skeleton(`<select>${BOM}<option>a</select>`));
add("bom-only", BOM);
// The bytes of a UTF-16 BOM, seen as Latin-1 text (þÿ / ÿþ), then UTF-8 markup.
add("utf16-be-bom-lookalike", `\u00FE\u00FF${page(TAIL)}`);
add("utf16-le-bom-lookalike", `\u00FF\u00FE${page(TAIL)}`);
add("utf16-le-lookalike-with-nuls", `\u00FF\u00FE<${NUL}p${NUL}>${NUL}x${NUL}${TAIL}`);
add("utf32-bom-lookalike", `\u00FF\u00FE${NUL}${NUL}${page(TAIL)}`);
add("bom-as-escaped-bytes-text", skeleton("\u00EF\u00BB\u00BF text"));
add("meta-charset-utf16", page(TAIL, { head: '<meta charset="utf-16">' }));
add("meta-charset-windows-1252", page(`caf\u00E9 ${TAIL}`, { head: '<meta charset="windows-1252">' }));
add("meta-http-equiv-latin1", page(TAIL, { head: '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">' }));
add("meta-charset-late-in-body", skeleton('<meta charset="shift_jis">日本語'));
add("meta-charset-bogus", page(TAIL, { head: '<meta charset="x-no-such-charset">' }));

const TEXTS = {
  japanese: "日本語のテキスト、句読点。",
  chinese: "中文文本",
  korean: "한국어",
  arabic: "نص عربي \u200F مع علامات",
  hebrew: "עברית \u202Eהפוך\u202C",
  emoji: "😀 👩‍👩‍👧 🏳️‍🌈 🇫🇷",
  astral: "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𐍈 𠜎",
  combining: "e\u0301 a\u0308 Z\u0351\u0352\u0353",
  "zero-width": "a\u200Bb\u200Cc\u200Dd\u2060e",
  "line-separators": "a\u2028b\u2029c\u0085d",
  noncharacters: "\uFFFE \uFFFF \uFDD0",
  replacement: "\uFFFD\uFFFD",
  "private-use": "\uE000\uF8FF",
  "latin-1": "café naïve Ærøskøbing ß",
  "non-ascii-tags": "<dív>x</dív><ñ ñ=ñ>y</ñ>",
  "non-ascii-in-select": "<select><option>café</option><option>日本</option></select>",
  "non-ascii-in-svg": "<svg><text>ünïcödé 😀</text></svg>",
  "non-ascii-in-script": '<script>var s = "日本 😀 \u2028";</script>',
};
for (const [name, html] of Object.entries(TEXTS)) {
  add(`text-${name}`, skeleton(html));
  add(`text-${name}-fragment`, `${html}${TAIL}`);
}

// ---------------------------------------------------------------------------------------
// 8. Character references.
// ---------------------------------------------------------------------------------------

const ENTITIES = {
  valid: "&amp; &lt; &gt; &quot; &apos; &nbsp; &copy; &eacute; &NotNestedGreaterGreater;",
  numeric: "&#60; &#x3C; &#X3c; &#128512; &#x1F600;",
  "numeric-invalid": "&#0; &#xD800; &#xDFFF; &#x110000; &#99999999999999999999; &#x; &#;",
  "numeric-c1": "&#128; &#x80; &#x9F;",
  unknown: "&unknown; &xyz; &AMP; &Amp;",
  "no-semicolon": "&amp &lt &nbsp &copy &notit &notin &ampx",
  "bare-ampersand": "a & b && c &; &#",
  "in-attribute": '<a title="&amp &lt; &notit; &xyz" href="?a=1&lang=en&copy=2">x</a>',
  "in-textarea": "<textarea>&amp; &lt;/textarea&gt;</textarea>",
  "in-title": "<title>&amp; &lt;/title&gt;</title>",
  "in-script": "<script>var a = '&amp; &lt;/script&gt;';</script>",
  "in-select": "<select><option>&amp; &lt;style&gt;</option></select>",
  "encoded-markup": "&lt;script&gt;alert(1)&lt;/script&gt; &#60;plaintext&#62;",
  "long-name": `&${"a".repeat(5000)};`,
};
for (const [name, html] of Object.entries(ENTITIES)) {
  add(`entity-${name}`, skeleton(html));
}
add("entity-unterminated-amp-at-eof", `${TAIL}&amp`);
add("entity-ampersand-at-eof", `${TAIL}&`);
add("entity-hash-at-eof", `${TAIL}&#`);
add("entity-hex-at-eof", `${TAIL}&#x`);
add("entity-partial-named-at-eof", `${TAIL}&no`);

// ---------------------------------------------------------------------------------------
// 9. Huge and deep documents (few of them: corpus.json stays small).
// ---------------------------------------------------------------------------------------

const KB = 1024;
add("huge-attribute-200kb", skeleton(`<div title="${"x".repeat(200 * KB)}">x</div>`));
add("huge-attribute-200kb-in-select", CONTEXTS.select(`<option value="${"v".repeat(200 * KB)}">a</option>`));
add("huge-unquoted-attribute-100kb", skeleton(`<img alt=${"y".repeat(100 * KB)}>`));
add("huge-comment-100kb", skeleton(`<!--${"c".repeat(100 * KB)}-->`));
add("huge-script-100kb", skeleton(`<script>/*${"s".repeat(100 * KB)}*/</script>`));
add("huge-text-100kb", skeleton("t".repeat(100 * KB)));
add("huge-unterminated-attribute-at-eof", `${TAIL}<div class="${"z".repeat(50 * KB)}`);

const nest = (open, close, depth, inner = "x") => `${open.repeat(depth)}${inner}${close.repeat(depth)}`;
add("deep-div-3000", skeleton(nest("<div>", "</div>", 3000)));
add("deep-div-5000-unclosed", skeleton("<div>".repeat(5000)));
add("deep-span-3000-misclosed", skeleton(`${"<span>".repeat(3000)}x${"</div>".repeat(3000)}`));
add("deep-b-2000", skeleton(nest("<b>", "</b>", 2000)));
add("deep-b-2000-unclosed-then-p", skeleton(`${"<b>".repeat(2000)}x<p>y</p>`));
add("deep-table-500", skeleton(nest("<table><tr><td>", "</td></tr></table>", 500)));
add("deep-svg-g-3000", skeleton(`<svg>${nest("<g>", "</g>", 3000)}</svg>`));
add("deep-template-1000", skeleton(nest("<template>", "</template>", 1000)));
add("deep-select-in-div-2000", skeleton(nest("<div>", "</div>", 2000, "<select><style>x</style></select>")));
add("deep-math-mrow-2000", skeleton(`<math>${nest("<mrow>", "</mrow>", 2000, "<mi>x</mi>")}</math>`));
add("deep-li-2000-unclosed", skeleton(`<ul>${"<li><ul>".repeat(2000)}x`));

// ---------------------------------------------------------------------------------------
// 10. Documents that end in the middle of something.
// ---------------------------------------------------------------------------------------

const AT_EOF = {
  "attribute-value-open": '<div class="',
  "attribute-value-open-single": "<div class='",
  "attribute-value-unquoted": "<div class=",
  "attribute-name": "<div class",
  "after-tag-name": "<div ",
  "tag-name": "<div",
  "self-closing-slash": "<div/",
  "end-tag-open": "</",
  "end-tag-name": "</div",
  "lt-alone": "<",
  "lt-bang": "<!",
  "comment-start": "<!-",
  "comment-open": "<!--",
  "comment-text": "<!-- x",
  "comment-dash": "<!-- x -",
  "comment-dash-dash": "<!-- x --",
  "comment-bang": "<!-- x --!",
  "doctype-word": "<!DOCTYPE",
  "question": "<?",
  "pi-open": "<?xml version=",
  "cdata-in-svg": "<svg><![CDATA[x",
  "cdata-partial": "<svg><![CDA",
  "script-open": "<script>",
  "script-escaped": "<script><!--",
  "script-double-escaped": "<script><!--<script>",
  "script-end-tag-partial": "<script>x</scr",
  "style-open": "<style>a{",
  "textarea-open": "<textarea>x",
  "title-open": "<title>x</tit",
  "plaintext-open": "<plaintext>",
  "select-open": "<select><option>x",
  "select-style-open": "<select><style>",
  "frameset-open": "<frameset>",
  "svg-open": "<svg><g",
  "a-href": "<a href='x",
  "cr": "\r",
  "tag-then-cr": "<div\r",
};
for (const [name, html] of Object.entries(AT_EOF)) {
  add(`eof-${name}`, `${TAIL}${html}`);
  add(`eof-${name}-in-page`, `<!doctype html>\n<html><head><title>t</title></head><body>${TAIL}\n${html}`);
}
add("eof-empty-document", "");
add("eof-whitespace-only", " \n\t\r\n");

// ---------------------------------------------------------------------------------------
// 11. Mutation-XSS style markup that reparses differently in different contexts.
// ---------------------------------------------------------------------------------------

const MXSS = {
  "noscript-title": '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
  "select-style-img": "<select><style></select><img src=x onerror=alert(1)></style>",
  "svg-p-style": '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
  "math-mtext-mglyph": "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
  "math-style-comment": "<math><style><!--</style><img src=x onerror=alert(1)>-->",
  "svg-style-in-foreign": "<svg><style><img src=x onerror=alert(1)></style></svg>",
  "template-select-style": "<template><select><style><img src=x onerror=alert(1)></style></select></template>",
  "xmp-in-select": "<select><xmp></select><img src=x onerror=alert(1)></xmp>",
  "plaintext-in-select": "<select><plaintext></select><img src=x onerror=alert(1)>",
  "textarea-in-select": "<select><textarea></select><img src=x onerror=alert(1)></textarea>",
  "iframe-in-frameset": "<frameset><iframe></frameset><img src=x onerror=alert(1)></iframe>",
  "noembed-title": '<noembed><p title="</noembed><img src=x onerror=alert(1)>"></noembed>',
  "form-in-math": "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
  "comment-in-attribute": '<p title="<!--"></p><img src=x onerror=alert(1)>-->',
  "annotation-xml-style": '<math><annotation-xml encoding="text/html"><style><img src=x onerror=alert(1)></style></annotation-xml></math>',
  "foreignobject-xmp": "<svg><foreignObject><xmp></foreignObject><img src=x onerror=alert(1)></xmp></foreignObject></svg>",
};
for (const [name, html] of Object.entries(MXSS)) {
  add(`mxss-${name}`, skeleton(html));
  add(`mxss-${name}-fragment`, `${html}${TAIL}`);
}

// ---------------------------------------------------------------------------------------
// 12. Tag soup from a fixed seed: hostile tokens in arbitrary order.
// ---------------------------------------------------------------------------------------

function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const SOUP = [
  "<select>", "</select>", "<option>", "<style>", "</style>", "<script>", "</script>", "<xmp>", "</xmp>",
  "<iframe>", "</iframe>", "<noscript>", "</noscript>", "<noembed>", "</noembed>", "<noframes>", "</noframes>",
  "<title>", "</title>", "<textarea>", "</textarea>", "<table>", "<tr>", "<td>", "</table>", "<template>",
  "</template>", "<svg>", "</svg>", "<math>", "</math>", "<foreignObject>", "<mi>", "<frameset>", "</frameset>",
  "<p>", "</p>", "<b>", "</i>", "<!--", "-->", "<![CDATA[", "]]>", "&amp", "\u0000", "\r", "\uFEFF", "é", "😀",
  '"', "'", "<div class=\"", ">", "</", "<", "<!x>", "<?x>", "text ", " ", "\n",
];
const random = mulberry32(0x5eed);
for (let n = 0; n < 60; n++) {
  const length = 8 + Math.floor(random() * 40);
  let html = "";
  for (let i = 0; i < length; i++) html += SOUP[Math.floor(random() * SOUP.length)];
  const name = `soup-${String(n).padStart(2, "0")}`;
  add(name, n % 3 === 0 ? `${html}${TAIL}` : skeleton(`${html}\n`));
}

// ---------------------------------------------------------------------------------------
// Checks, then output.
// ---------------------------------------------------------------------------------------

const problems = [];
const seen = new Set();
for (const { name, html } of docs) {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(name)) problems.push(`${name}: not a short kebab-case name`);
  if (name.length > 80) problems.push(`${name}: name too long`);
  if (seen.has(name)) problems.push(`${name}: duplicate name`);
  seen.add(name);
  // Marker-free: with no marker the page must come back byte for byte. The parser lowercases
  // attribute names, so `DATA-PZ-*` would be a marker too.
  if (html.toLowerCase().includes("data-pz")) problems.push(`${name}: contains a data-pz marker`);
  if (!html.isWellFormed()) problems.push(`${name}: not well-formed Unicode (lone surrogate)`);
}
if (docs.length < 500) problems.push(`only ${docs.length} documents; the corpus needs at least 500`);
const text = `[\n${docs.map((d) => JSON.stringify(d)).join(",\n")}\n]\n`;
const bytes = Buffer.byteLength(text);
if (bytes > 3 * KB * KB) problems.push(`corpus.json would be ${bytes} bytes, over 3 MiB`);
if (problems.length) {
  console.error(`generate.mjs: the corpus is invalid:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}

if (process.argv.includes("--check")) {
  let committed;
  try {
    committed = readFileSync(OUT, "utf8");
  } catch (error) {
    console.error(`generate.mjs --check: cannot read ${OUT}: ${error.message}`);
    process.exit(1);
  }
  if (committed !== text) {
    let detail = "";
    try {
      const old = JSON.parse(committed);
      const oldByName = new Map(old.map((d) => [d.name, d.html]));
      const changed = docs.filter((d) => oldByName.get(d.name) !== d.html).map((d) => d.name);
      const gone = old.filter((d) => !seen.has(d.name)).map((d) => d.name);
      detail = ` (${old.length} committed vs ${docs.length} generated; changed or new: ${changed.slice(0, 5).join(", ") || "none"}${changed.length > 5 ? ", …" : ""}; removed: ${gone.slice(0, 5).join(", ") || "none"})`;
    } catch {
      detail = " (the committed file is not valid JSON)";
    }
    console.error(`generate.mjs --check: ${OUT} is out of date${detail}; run node tests/data/identity/generate.mjs`);
    process.exit(1);
  }
  console.log(`corpus.json is up to date: ${docs.length} documents, ${bytes} bytes`);
} else {
  writeFileSync(OUT, text);
  console.log(`wrote ${OUT}: ${docs.length} documents, ${bytes} bytes`);
}
