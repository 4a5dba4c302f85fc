const j = globalThis, fe = j.ShadowRoot && (j.ShadyCSS === void 0 || j.ShadyCSS.nativeShadow) && "adoptedStyleSheets" in Document.prototype && "replace" in CSSStyleSheet.prototype, me = /* @__PURE__ */ Symbol(), Se = /* @__PURE__ */ new WeakMap();
let je = class {
  constructor(e, t, s) {
    if (this._$cssResult$ = !0, s !== me) throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");
    this.cssText = e, this.t = t;
  }
  get styleSheet() {
    let e = this.o;
    const t = this.t;
    if (fe && e === void 0) {
      const s = t !== void 0 && t.length === 1;
      s && (e = Se.get(t)), e === void 0 && ((this.o = e = new CSSStyleSheet()).replaceSync(this.cssText), s && Se.set(t, e));
    }
    return e;
  }
  toString() {
    return this.cssText;
  }
};
const rt = (i) => new je(typeof i == "string" ? i : i + "", void 0, me), U = (i, ...e) => {
  const t = i.length === 1 ? i[0] : e.reduce((s, n, a) => s + ((r) => {
    if (r._$cssResult$ === !0) return r.cssText;
    if (typeof r == "number") return r;
    throw Error("Value passed to 'css' function must be a 'css' function result: " + r + ". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.");
  })(n) + i[a + 1], i[0]);
  return new je(t, i, me);
}, ot = (i, e) => {
  if (fe) i.adoptedStyleSheets = e.map((t) => t instanceof CSSStyleSheet ? t : t.styleSheet);
  else for (const t of e) {
    const s = document.createElement("style"), n = j.litNonce;
    n !== void 0 && s.setAttribute("nonce", n), s.textContent = t.cssText, i.appendChild(s);
  }
}, Ee = fe ? (i) => i : (i) => i instanceof CSSStyleSheet ? ((e) => {
  let t = "";
  for (const s of e.cssRules) t += s.cssText;
  return rt(t);
})(i) : i;
const { is: lt, defineProperty: dt, getOwnPropertyDescriptor: ct, getOwnPropertyNames: ht, getOwnPropertySymbols: ut, getPrototypeOf: pt } = Object, Q = globalThis, Ce = Q.trustedTypes, vt = Ce ? Ce.emptyScript : "", gt = Q.reactiveElementPolyfillSupport, M = (i, e) => i, de = { toAttribute(i, e) {
  switch (e) {
    case Boolean:
      i = i ? vt : null;
      break;
    case Object:
    case Array:
      i = i == null ? i : JSON.stringify(i);
  }
  return i;
}, fromAttribute(i, e) {
  let t = i;
  switch (e) {
    case Boolean:
      t = i !== null;
      break;
    case Number:
      t = i === null ? null : Number(i);
      break;
    case Object:
    case Array:
      try {
        t = JSON.parse(i);
      } catch {
        t = null;
      }
  }
  return t;
} }, Be = (i, e) => !lt(i, e), Te = { attribute: !0, type: String, converter: de, reflect: !1, useDefault: !1, hasChanged: Be };
Symbol.metadata ??= /* @__PURE__ */ Symbol("metadata"), Q.litPropertyMetadata ??= /* @__PURE__ */ new WeakMap();
let A = class extends HTMLElement {
  static addInitializer(e) {
    this._$Ei(), (this.l ??= []).push(e);
  }
  static get observedAttributes() {
    return this.finalize(), this._$Eh && [...this._$Eh.keys()];
  }
  static createProperty(e, t = Te) {
    if (t.state && (t.attribute = !1), this._$Ei(), this.prototype.hasOwnProperty(e) && ((t = Object.create(t)).wrapped = !0), this.elementProperties.set(e, t), !t.noAccessor) {
      const s = /* @__PURE__ */ Symbol(), n = this.getPropertyDescriptor(e, s, t);
      n !== void 0 && dt(this.prototype, e, n);
    }
  }
  static getPropertyDescriptor(e, t, s) {
    const { get: n, set: a } = ct(this.prototype, e) ?? { get() {
      return this[t];
    }, set(r) {
      this[t] = r;
    } };
    return { get: n, set(r) {
      const o = n?.call(this);
      a?.call(this, r), this.requestUpdate(e, o, s);
    }, configurable: !0, enumerable: !0 };
  }
  static getPropertyOptions(e) {
    return this.elementProperties.get(e) ?? Te;
  }
  static _$Ei() {
    if (this.hasOwnProperty(M("elementProperties"))) return;
    const e = pt(this);
    e.finalize(), e.l !== void 0 && (this.l = [...e.l]), this.elementProperties = new Map(e.elementProperties);
  }
  static finalize() {
    if (this.hasOwnProperty(M("finalized"))) return;
    if (this.finalized = !0, this._$Ei(), this.hasOwnProperty(M("properties"))) {
      const t = this.properties, s = [...ht(t), ...ut(t)];
      for (const n of s) this.createProperty(n, t[n]);
    }
    const e = this[Symbol.metadata];
    if (e !== null) {
      const t = litPropertyMetadata.get(e);
      if (t !== void 0) for (const [s, n] of t) this.elementProperties.set(s, n);
    }
    this._$Eh = /* @__PURE__ */ new Map();
    for (const [t, s] of this.elementProperties) {
      const n = this._$Eu(t, s);
      n !== void 0 && this._$Eh.set(n, t);
    }
    this.elementStyles = this.finalizeStyles(this.styles);
  }
  static finalizeStyles(e) {
    const t = [];
    if (Array.isArray(e)) {
      const s = new Set(e.flat(1 / 0).reverse());
      for (const n of s) t.unshift(Ee(n));
    } else e !== void 0 && t.push(Ee(e));
    return t;
  }
  static _$Eu(e, t) {
    const s = t.attribute;
    return s === !1 ? void 0 : typeof s == "string" ? s : typeof e == "string" ? e.toLowerCase() : void 0;
  }
  constructor() {
    super(), this._$Ep = void 0, this.isUpdatePending = !1, this.hasUpdated = !1, this._$Em = null, this._$Ev();
  }
  _$Ev() {
    this._$ES = new Promise((e) => this.enableUpdating = e), this._$AL = /* @__PURE__ */ new Map(), this._$E_(), this.requestUpdate(), this.constructor.l?.forEach((e) => e(this));
  }
  addController(e) {
    (this._$EO ??= /* @__PURE__ */ new Set()).add(e), this.renderRoot !== void 0 && this.isConnected && e.hostConnected?.();
  }
  removeController(e) {
    this._$EO?.delete(e);
  }
  _$E_() {
    const e = /* @__PURE__ */ new Map(), t = this.constructor.elementProperties;
    for (const s of t.keys()) this.hasOwnProperty(s) && (e.set(s, this[s]), delete this[s]);
    e.size > 0 && (this._$Ep = e);
  }
  createRenderRoot() {
    const e = this.shadowRoot ?? this.attachShadow(this.constructor.shadowRootOptions);
    return ot(e, this.constructor.elementStyles), e;
  }
  connectedCallback() {
    this.renderRoot ??= this.createRenderRoot(), this.enableUpdating(!0), this._$EO?.forEach((e) => e.hostConnected?.());
  }
  enableUpdating(e) {
  }
  disconnectedCallback() {
    this._$EO?.forEach((e) => e.hostDisconnected?.());
  }
  attributeChangedCallback(e, t, s) {
    this._$AK(e, s);
  }
  _$ET(e, t) {
    const s = this.constructor.elementProperties.get(e), n = this.constructor._$Eu(e, s);
    if (n !== void 0 && s.reflect === !0) {
      const a = (s.converter?.toAttribute !== void 0 ? s.converter : de).toAttribute(t, s.type);
      this._$Em = e, a == null ? this.removeAttribute(n) : this.setAttribute(n, a), this._$Em = null;
    }
  }
  _$AK(e, t) {
    const s = this.constructor, n = s._$Eh.get(e);
    if (n !== void 0 && this._$Em !== n) {
      const a = s.getPropertyOptions(n), r = typeof a.converter == "function" ? { fromAttribute: a.converter } : a.converter?.fromAttribute !== void 0 ? a.converter : de;
      this._$Em = n;
      const o = r.fromAttribute(t, a.type);
      this[n] = o ?? this._$Ej?.get(n) ?? o, this._$Em = null;
    }
  }
  requestUpdate(e, t, s, n = !1, a) {
    if (e !== void 0) {
      const r = this.constructor;
      if (n === !1 && (a = this[e]), s ??= r.getPropertyOptions(e), !((s.hasChanged ?? Be)(a, t) || s.useDefault && s.reflect && a === this._$Ej?.get(e) && !this.hasAttribute(r._$Eu(e, s)))) return;
      this.C(e, t, s);
    }
    this.isUpdatePending === !1 && (this._$ES = this._$EP());
  }
  C(e, t, { useDefault: s, reflect: n, wrapped: a }, r) {
    s && !(this._$Ej ??= /* @__PURE__ */ new Map()).has(e) && (this._$Ej.set(e, r ?? t ?? this[e]), a !== !0 || r !== void 0) || (this._$AL.has(e) || (this.hasUpdated || s || (t = void 0), this._$AL.set(e, t)), n === !0 && this._$Em !== e && (this._$Eq ??= /* @__PURE__ */ new Set()).add(e));
  }
  async _$EP() {
    this.isUpdatePending = !0;
    try {
      await this._$ES;
    } catch (t) {
      Promise.reject(t);
    }
    const e = this.scheduleUpdate();
    return e != null && await e, !this.isUpdatePending;
  }
  scheduleUpdate() {
    return this.performUpdate();
  }
  performUpdate() {
    if (!this.isUpdatePending) return;
    if (!this.hasUpdated) {
      if (this.renderRoot ??= this.createRenderRoot(), this._$Ep) {
        for (const [n, a] of this._$Ep) this[n] = a;
        this._$Ep = void 0;
      }
      const s = this.constructor.elementProperties;
      if (s.size > 0) for (const [n, a] of s) {
        const { wrapped: r } = a, o = this[n];
        r !== !0 || this._$AL.has(n) || o === void 0 || this.C(n, void 0, a, o);
      }
    }
    let e = !1;
    const t = this._$AL;
    try {
      e = this.shouldUpdate(t), e ? (this.willUpdate(t), this._$EO?.forEach((s) => s.hostUpdate?.()), this.update(t)) : this._$EM();
    } catch (s) {
      throw e = !1, this._$EM(), s;
    }
    e && this._$AE(t);
  }
  willUpdate(e) {
  }
  _$AE(e) {
    this._$EO?.forEach((t) => t.hostUpdated?.()), this.hasUpdated || (this.hasUpdated = !0, this.firstUpdated(e)), this.updated(e);
  }
  _$EM() {
    this._$AL = /* @__PURE__ */ new Map(), this.isUpdatePending = !1;
  }
  get updateComplete() {
    return this.getUpdateComplete();
  }
  getUpdateComplete() {
    return this._$ES;
  }
  shouldUpdate(e) {
    return !0;
  }
  update(e) {
    this._$Eq &&= this._$Eq.forEach((t) => this._$ET(t, this[t])), this._$EM();
  }
  updated(e) {
  }
  firstUpdated(e) {
  }
};
A.elementStyles = [], A.shadowRootOptions = { mode: "open" }, A[M("elementProperties")] = /* @__PURE__ */ new Map(), A[M("finalized")] = /* @__PURE__ */ new Map(), gt?.({ ReactiveElement: A }), (Q.reactiveElementVersions ??= []).push("2.1.2");
const $e = globalThis, Oe = (i) => i, G = $e.trustedTypes, Me = G ? G.createPolicy("lit-html", { createHTML: (i) => i }) : void 0, Fe = "$lit$", y = `lit$${Math.random().toFixed(9).slice(2)}$`, Ge = "?" + y, ft = `<${Ge}>`, k = document, N = () => k.createComment(""), I = (i) => i === null || typeof i != "object" && typeof i != "function", ye = Array.isArray, mt = (i) => ye(i) || typeof i?.[Symbol.iterator] == "function", ne = `[ 	
\f\r]`, T = /<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g, Ne = /-->/g, Ie = />/g, w = RegExp(`>|${ne}(?:([^\\s"'>=/]+)(${ne}*=${ne}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`, "g"), De = /'/g, Pe = /"/g, qe = /^(?:script|style|textarea|title)$/i, Ke = (i) => (e, ...t) => ({ _$litType$: i, strings: e, values: t }), l = Ke(1), $t = Ke(2), E = /* @__PURE__ */ Symbol.for("lit-noChange"), c = /* @__PURE__ */ Symbol.for("lit-nothing"), Ue = /* @__PURE__ */ new WeakMap(), x = k.createTreeWalker(k, 129);
function Ye(i, e) {
  if (!ye(i) || !i.hasOwnProperty("raw")) throw Error("invalid template strings array");
  return Me !== void 0 ? Me.createHTML(e) : e;
}
const yt = (i, e) => {
  const t = i.length - 1, s = [];
  let n, a = e === 2 ? "<svg>" : e === 3 ? "<math>" : "", r = T;
  for (let o = 0; o < t; o++) {
    const d = i[o];
    let h, u, p = -1, g = 0;
    for (; g < d.length && (r.lastIndex = g, u = r.exec(d), u !== null); ) g = r.lastIndex, r === T ? u[1] === "!--" ? r = Ne : u[1] !== void 0 ? r = Ie : u[2] !== void 0 ? (qe.test(u[2]) && (n = RegExp("</" + u[2], "g")), r = w) : u[3] !== void 0 && (r = w) : r === w ? u[0] === ">" ? (r = n ?? T, p = -1) : u[1] === void 0 ? p = -2 : (p = r.lastIndex - u[2].length, h = u[1], r = u[3] === void 0 ? w : u[3] === '"' ? Pe : De) : r === Pe || r === De ? r = w : r === Ne || r === Ie ? r = T : (r = w, n = void 0);
    const v = r === w && i[o + 1].startsWith("/>") ? " " : "";
    a += r === T ? d + ft : p >= 0 ? (s.push(h), d.slice(0, p) + Fe + d.slice(p) + y + v) : d + y + (p === -2 ? o : v);
  }
  return [Ye(i, a + (i[t] || "<?>") + (e === 2 ? "</svg>" : e === 3 ? "</math>" : "")), s];
};
class D {
  constructor({ strings: e, _$litType$: t }, s) {
    let n;
    this.parts = [];
    let a = 0, r = 0;
    const o = e.length - 1, d = this.parts, [h, u] = yt(e, t);
    if (this.el = D.createElement(h, s), x.currentNode = this.el.content, t === 2 || t === 3) {
      const p = this.el.content.firstChild;
      p.replaceWith(...p.childNodes);
    }
    for (; (n = x.nextNode()) !== null && d.length < o; ) {
      if (n.nodeType === 1) {
        if (n.hasAttributes()) for (const p of n.getAttributeNames()) if (p.endsWith(Fe)) {
          const g = u[r++], v = n.getAttribute(p).split(y), H = /([.?@])?(.*)/.exec(g);
          d.push({ type: 1, index: a, name: H[2], strings: v, ctor: H[1] === "." ? _t : H[1] === "?" ? wt : H[1] === "@" ? xt : ee }), n.removeAttribute(p);
        } else p.startsWith(y) && (d.push({ type: 6, index: a }), n.removeAttribute(p));
        if (qe.test(n.tagName)) {
          const p = n.textContent.split(y), g = p.length - 1;
          if (g > 0) {
            n.textContent = G ? G.emptyScript : "";
            for (let v = 0; v < g; v++) n.append(p[v], N()), x.nextNode(), d.push({ type: 2, index: ++a });
            n.append(p[g], N());
          }
        }
      } else if (n.nodeType === 8) if (n.data === Ge) d.push({ type: 2, index: a });
      else {
        let p = -1;
        for (; (p = n.data.indexOf(y, p + 1)) !== -1; ) d.push({ type: 7, index: a }), p += y.length - 1;
      }
      a++;
    }
  }
  static createElement(e, t) {
    const s = k.createElement("template");
    return s.innerHTML = e, s;
  }
}
function C(i, e, t = i, s) {
  if (e === E) return e;
  let n = s !== void 0 ? t._$Co?.[s] : t._$Cl;
  const a = I(e) ? void 0 : e._$litDirective$;
  return n?.constructor !== a && (n?._$AO?.(!1), a === void 0 ? n = void 0 : (n = new a(i), n._$AT(i, t, s)), s !== void 0 ? (t._$Co ??= [])[s] = n : t._$Cl = n), n !== void 0 && (e = C(i, n._$AS(i, e.values), n, s)), e;
}
class bt {
  constructor(e, t) {
    this._$AV = [], this._$AN = void 0, this._$AD = e, this._$AM = t;
  }
  get parentNode() {
    return this._$AM.parentNode;
  }
  get _$AU() {
    return this._$AM._$AU;
  }
  u(e) {
    const { el: { content: t }, parts: s } = this._$AD, n = (e?.creationScope ?? k).importNode(t, !0);
    x.currentNode = n;
    let a = x.nextNode(), r = 0, o = 0, d = s[0];
    for (; d !== void 0; ) {
      if (r === d.index) {
        let h;
        d.type === 2 ? h = new R(a, a.nextSibling, this, e) : d.type === 1 ? h = new d.ctor(a, d.name, d.strings, this, e) : d.type === 6 && (h = new kt(a, this, e)), this._$AV.push(h), d = s[++o];
      }
      r !== d?.index && (a = x.nextNode(), r++);
    }
    return x.currentNode = k, n;
  }
  p(e) {
    let t = 0;
    for (const s of this._$AV) s !== void 0 && (s.strings !== void 0 ? (s._$AI(e, s, t), t += s.strings.length - 2) : s._$AI(e[t])), t++;
  }
}
class R {
  get _$AU() {
    return this._$AM?._$AU ?? this._$Cv;
  }
  constructor(e, t, s, n) {
    this.type = 2, this._$AH = c, this._$AN = void 0, this._$AA = e, this._$AB = t, this._$AM = s, this.options = n, this._$Cv = n?.isConnected ?? !0;
  }
  get parentNode() {
    let e = this._$AA.parentNode;
    const t = this._$AM;
    return t !== void 0 && e?.nodeType === 11 && (e = t.parentNode), e;
  }
  get startNode() {
    return this._$AA;
  }
  get endNode() {
    return this._$AB;
  }
  _$AI(e, t = this) {
    e = C(this, e, t), I(e) ? e === c || e == null || e === "" ? (this._$AH !== c && this._$AR(), this._$AH = c) : e !== this._$AH && e !== E && this._(e) : e._$litType$ !== void 0 ? this.$(e) : e.nodeType !== void 0 ? this.T(e) : mt(e) ? this.k(e) : this._(e);
  }
  O(e) {
    return this._$AA.parentNode.insertBefore(e, this._$AB);
  }
  T(e) {
    this._$AH !== e && (this._$AR(), this._$AH = this.O(e));
  }
  _(e) {
    this._$AH !== c && I(this._$AH) ? this._$AA.nextSibling.data = e : this.T(k.createTextNode(e)), this._$AH = e;
  }
  $(e) {
    const { values: t, _$litType$: s } = e, n = typeof s == "number" ? this._$AC(e) : (s.el === void 0 && (s.el = D.createElement(Ye(s.h, s.h[0]), this.options)), s);
    if (this._$AH?._$AD === n) this._$AH.p(t);
    else {
      const a = new bt(n, this), r = a.u(this.options);
      a.p(t), this.T(r), this._$AH = a;
    }
  }
  _$AC(e) {
    let t = Ue.get(e.strings);
    return t === void 0 && Ue.set(e.strings, t = new D(e)), t;
  }
  k(e) {
    ye(this._$AH) || (this._$AH = [], this._$AR());
    const t = this._$AH;
    let s, n = 0;
    for (const a of e) n === t.length ? t.push(s = new R(this.O(N()), this.O(N()), this, this.options)) : s = t[n], s._$AI(a), n++;
    n < t.length && (this._$AR(s && s._$AB.nextSibling, n), t.length = n);
  }
  _$AR(e = this._$AA.nextSibling, t) {
    for (this._$AP?.(!1, !0, t); e !== this._$AB; ) {
      const s = Oe(e).nextSibling;
      Oe(e).remove(), e = s;
    }
  }
  setConnected(e) {
    this._$AM === void 0 && (this._$Cv = e, this._$AP?.(e));
  }
}
class ee {
  get tagName() {
    return this.element.tagName;
  }
  get _$AU() {
    return this._$AM._$AU;
  }
  constructor(e, t, s, n, a) {
    this.type = 1, this._$AH = c, this._$AN = void 0, this.element = e, this.name = t, this._$AM = n, this.options = a, s.length > 2 || s[0] !== "" || s[1] !== "" ? (this._$AH = Array(s.length - 1).fill(new String()), this.strings = s) : this._$AH = c;
  }
  _$AI(e, t = this, s, n) {
    const a = this.strings;
    let r = !1;
    if (a === void 0) e = C(this, e, t, 0), r = !I(e) || e !== this._$AH && e !== E, r && (this._$AH = e);
    else {
      const o = e;
      let d, h;
      for (e = a[0], d = 0; d < a.length - 1; d++) h = C(this, o[s + d], t, d), h === E && (h = this._$AH[d]), r ||= !I(h) || h !== this._$AH[d], h === c ? e = c : e !== c && (e += (h ?? "") + a[d + 1]), this._$AH[d] = h;
    }
    r && !n && this.j(e);
  }
  j(e) {
    e === c ? this.element.removeAttribute(this.name) : this.element.setAttribute(this.name, e ?? "");
  }
}
class _t extends ee {
  constructor() {
    super(...arguments), this.type = 3;
  }
  j(e) {
    this.element[this.name] = e === c ? void 0 : e;
  }
}
class wt extends ee {
  constructor() {
    super(...arguments), this.type = 4;
  }
  j(e) {
    this.element.toggleAttribute(this.name, !!e && e !== c);
  }
}
class xt extends ee {
  constructor(e, t, s, n, a) {
    super(e, t, s, n, a), this.type = 5;
  }
  _$AI(e, t = this) {
    if ((e = C(this, e, t, 0) ?? c) === E) return;
    const s = this._$AH, n = e === c && s !== c || e.capture !== s.capture || e.once !== s.once || e.passive !== s.passive, a = e !== c && (s === c || n);
    n && this.element.removeEventListener(this.name, this, s), a && this.element.addEventListener(this.name, this, e), this._$AH = e;
  }
  handleEvent(e) {
    typeof this._$AH == "function" ? this._$AH.call(this.options?.host ?? this.element, e) : this._$AH.handleEvent(e);
  }
}
class kt {
  constructor(e, t, s) {
    this.element = e, this.type = 6, this._$AN = void 0, this._$AM = t, this.options = s;
  }
  get _$AU() {
    return this._$AM._$AU;
  }
  _$AI(e) {
    C(this, e);
  }
}
const At = $e.litHtmlPolyfillSupport;
At?.(D, R), ($e.litHtmlVersions ??= []).push("3.3.3");
const St = (i, e, t) => {
  const s = t?.renderBefore ?? e;
  let n = s._$litPart$;
  if (n === void 0) {
    const a = t?.renderBefore ?? null;
    s._$litPart$ = n = new R(e.insertBefore(N(), a), a, void 0, t ?? {});
  }
  return n._$AI(i), n;
};
const be = globalThis;
class S extends A {
  constructor() {
    super(...arguments), this.renderOptions = { host: this }, this._$Do = void 0;
  }
  createRenderRoot() {
    const e = super.createRenderRoot();
    return this.renderOptions.renderBefore ??= e.firstChild, e;
  }
  update(e) {
    const t = this.render();
    this.hasUpdated || (this.renderOptions.isConnected = this.isConnected), super.update(e), this._$Do = St(t, this.renderRoot, this.renderOptions);
  }
  connectedCallback() {
    super.connectedCallback(), this._$Do?.setConnected(!0);
  }
  disconnectedCallback() {
    super.disconnectedCallback(), this._$Do?.setConnected(!1);
  }
  render() {
    return E;
  }
}
S._$litElement$ = !0, S.finalized = !0, be.litElementHydrateSupport?.({ LitElement: S });
const Et = be.litElementPolyfillSupport;
Et?.({ LitElement: S });
(be.litElementVersions ??= []).push("4.2.2");
const te = "voltwise";
async function _e(i, e, t) {
  return (await i.callWS({
    type: "call_service",
    domain: te,
    service: e,
    service_data: t,
    return_response: !0
  })).response;
}
async function Ze(i, e, t, s = te) {
  await i.callWS({ type: "call_service", domain: s, service: e, service_data: t });
}
function we(i) {
  if (i && typeof i == "object") {
    const e = i.message;
    if (typeof e == "string" && e) return e;
    const t = i.code;
    if (typeof t == "string" && t) return t;
  }
  return typeof i == "string" && i ? i : "Something went wrong";
}
const Ct = U`
  :host {
    display: block;
    --vw-peak: var(--error-color, #db4437);
    --vw-normal: var(--warning-color, #ffa600);
    --vw-off-peak: var(--success-color, #43a047);
    --vw-solar: var(--amber-color, #f5b800);
    --vw-clean: var(--success-color, #43a047);
    --vw-dirty: var(--error-color, #db4437);
    --vw-muted: var(--secondary-text-color, #727272);
    --vw-line: var(--divider-color, rgba(127, 127, 127, 0.3));
    --vw-accent: var(--primary-color, #03a9f4);
    --vw-gap: 12px;
  }
  ha-card {
    padding: 16px;
    box-sizing: border-box;
    color: var(--primary-text-color);
    background: var(--ha-card-background, var(--card-background-color, #fff));
    border-radius: var(--ha-card-border-radius, 12px);
  }
  .header {
    display: flex;
    align-items: baseline;
    justify-content: space-between;
    gap: 8px;
    flex-wrap: wrap;
    margin-bottom: 12px;
  }
  .title {
    font-size: var(--ha-font-size-xl, 20px);
    font-weight: var(--ha-font-weight-medium, 500);
    line-height: 1.3;
  }
  .subtitle,
  .muted {
    color: var(--vw-muted);
    font-size: var(--ha-font-size-s, 13px);
  }
  .notice {
    padding: 8px 12px;
    border-radius: 8px;
    background: rgba(127, 127, 127, 0.12);
  }
  .error {
    color: var(--error-color, #db4437);
    background: rgba(219, 68, 55, 0.1);
    padding: 8px 12px;
    border-radius: 8px;
    margin: 8px 0;
  }
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(140px, 1fr));
    gap: var(--vw-gap);
  }
  .stat .label {
    color: var(--vw-muted);
    font-size: var(--ha-font-size-s, 13px);
  }
  .stat .value {
    font-size: var(--ha-font-size-l, 18px);
    font-weight: var(--ha-font-weight-medium, 500);
  }
  button,
  select,
  input {
    font: inherit;
    color: var(--primary-text-color);
  }
  button {
    cursor: pointer;
    border: 1px solid var(--vw-line);
    background: transparent;
    border-radius: 18px;
    padding: 6px 14px;
    min-height: 36px;
  }
  button.primary {
    background: var(--vw-accent);
    border-color: var(--vw-accent);
    color: var(--text-primary-color, #fff);
  }
  button.danger {
    color: var(--error-color, #db4437);
  }
  button[disabled] {
    opacity: 0.5;
    cursor: default;
  }
  button:focus-visible,
  select:focus-visible,
  input:focus-visible,
  [tabindex]:focus-visible {
    outline: 2px solid var(--vw-accent);
    outline-offset: 2px;
  }
  select,
  input {
    background: var(--input-fill-color, var(--secondary-background-color, transparent));
    border: 1px solid var(--vw-line);
    border-radius: 6px;
    padding: 6px 8px;
    min-height: 36px;
    box-sizing: border-box;
  }
  label.field {
    display: flex;
    flex-direction: column;
    gap: 4px;
    font-size: var(--ha-font-size-s, 13px);
    color: var(--vw-muted);
  }
  .row {
    display: flex;
    gap: 8px;
    flex-wrap: wrap;
    align-items: center;
  }
  .badge {
    display: inline-block;
    padding: 2px 8px;
    border-radius: 10px;
    font-size: 12px;
    font-weight: 500;
    background: rgba(127, 127, 127, 0.15);
  }
  .badge.override {
    background: var(--pink-color, #e91e63);
    color: #fff;
  }
  .tabs {
    display: flex;
    gap: 4px;
    margin-bottom: 12px;
  }
  .tabs button[aria-selected="true"] {
    background: var(--vw-accent);
    border-color: var(--vw-accent);
    color: var(--text-primary-color, #fff);
  }
  @media (max-width: 480px) {
    ha-card {
      padding: 12px;
    }
    .grid {
      grid-template-columns: repeat(2, 1fr);
    }
  }
`, Tt = U`
  .editor {
    display: flex;
    flex-direction: column;
    gap: 12px;
  }
  label {
    display: flex;
    flex-direction: column;
    gap: 4px;
    font-size: 13px;
    color: var(--secondary-text-color);
  }
  select,
  input {
    font: inherit;
    color: var(--primary-text-color);
    background: var(--input-fill-color, var(--secondary-background-color, transparent));
    border: 1px solid var(--divider-color, #ccc);
    border-radius: 6px;
    padding: 8px;
  }
`, Y = class Y extends S {
  constructor() {
    super(...arguments), this.loading = !1, this.reloadAgain = !1;
  }
  /** Lovelace calls this with the card's YAML; a wrong config shows Lovelace's error card. */
  setConfig(e) {
    if (!e || typeof e != "object") throw new Error("Invalid configuration");
    this.validate(e), this.config = { ...e }, this.lastFingerprint = void 0;
  }
  validate(e) {
  }
  getCardSize() {
    return 4;
  }
  /** The entity states (and config) whose change means the service data must be fetched again. */
  fingerprint() {
  }
  /** Fetch the card's service data (get_penalty_timeline, list_schedules, get_plant_plan...). */
  async load() {
  }
  /** Seconds between refreshes even when nothing changed (0: only on change). */
  refreshSeconds() {
    return 0;
  }
  connectedCallback() {
    super.connectedCallback();
    const e = this.refreshSeconds();
    e > 0 && (this.reloadTimer = setInterval(() => {
      this.reload();
    }, e * 1e3));
  }
  disconnectedCallback() {
    super.disconnectedCallback(), this.reloadTimer && clearInterval(this.reloadTimer), this.reloadTimer = void 0;
  }
  willUpdate(e) {
    if (!this.hass || !this.config || !e.has("hass") && !e.has("config")) return;
    const t = this.fingerprint();
    t !== void 0 && t !== this.lastFingerprint && (this.lastFingerprint = t, this.reload());
  }
  /**
   * Load now; errors are kept for the card to show instead of its data. A change that arrives
   * while a load is under way loads once more after it, so the last change is never missed.
   */
  async reload() {
    if (!(!this.hass || !this.config)) {
      if (this.loading) {
        this.reloadAgain = !0;
        return;
      }
      this.loading = !0;
      try {
        do {
          this.reloadAgain = !1;
          try {
            await this.load(), this.loadError = void 0;
          } catch (e) {
            this.loadError = we(e);
          }
        } while (this.reloadAgain);
      } finally {
        this.loading = !1, this.requestUpdate();
      }
    }
  }
  notice(e) {
    return l`<ha-card><div class="notice">${e}</div></ha-card>`;
  }
};
Y.styles = Ct, Y.properties = {
  hass: { attribute: !1 },
  config: { state: !0 },
  loadError: { state: !0 }
};
let m = Y;
const Z = class Z extends S {
  setConfig(e) {
    this.config = { ...e };
  }
  /** Change one option (undefined or "" removes it) and tell Lovelace. */
  set(e, t) {
    if (!this.config) return;
    const s = { ...this.config };
    t === void 0 || t === "" ? delete s[e] : s[e] = t, this.config = s, this.dispatchEvent(
      new CustomEvent("config-changed", { detail: { config: this.config }, bubbles: !0, composed: !0 })
    );
  }
  select(e, t, s, n) {
    const a = String(this.config?.[e] ?? "");
    return l`<label>
      ${t}
      <select
        name=${e}
        @change=${(r) => this.set(e, r.target.value)}
      >
        ${n !== void 0 ? l`<option value="" ?selected=${a === ""}>${n}</option>` : c}
        ${s.map(
      (r) => l`<option value=${r.value} ?selected=${r.value === a}>${r.label}</option>`
    )}
      </select>
    </label>`;
  }
  text(e, t) {
    return l`<label>
      ${t}
      <input
        name=${e}
        .value=${String(this.config?.[e] ?? "")}
        @change=${(s) => this.set(e, s.target.value.trim())}
      />
    </label>`;
  }
};
Z.styles = Tt, Z.properties = {
  hass: { attribute: !1 },
  config: { state: !0 }
};
let P = Z;
const ce = {
  home: { domain: "sensor", key: "tariff_rate" },
  appliance: { domain: "sensor", key: "status" },
  plant: { domain: "sensor", key: "active_schedule" }
};
function Ve(i) {
  return i.split(".", 1)[0];
}
function Je(i) {
  return Object.values(i.entities ?? {}).filter((e) => e.platform === te);
}
function Xe(i) {
  return i?.name_by_user || i?.name || "";
}
function Qe(i) {
  return i?.primary_config_entry ?? i?.config_entries?.[0] ?? "";
}
function z(i, e, t, s) {
  if (e)
    return Je(i).find(
      (n) => n.device_id === e && Ve(n.entity_id) === t && (n.translation_key ?? void 0) === s
    )?.entity_id;
}
function Ot(i, e) {
  if (!e) return;
  const t = i.devices?.[e];
  if (t)
    for (const s of Object.keys(ce)) {
      const n = ce[s];
      if (z(i, e, n.domain, n.key))
        return { kind: s, deviceId: e, entryId: Qe(t), name: Xe(t) };
    }
}
function f(i, e, t) {
  const s = ce[e], n = /* @__PURE__ */ new Set(), a = [];
  for (const r of Je(i)) {
    if (!r.device_id || n.has(r.device_id) || Ve(r.entity_id) !== s.domain || r.translation_key !== s.key) continue;
    n.add(r.device_id);
    const o = i.devices?.[r.device_id];
    if (!o) continue;
    const d = { kind: e, deviceId: r.device_id, entryId: Qe(o), name: Xe(o) };
    (!t || d.entryId === t) && a.push(d);
  }
  return a.sort((r, o) => r.name.localeCompare(o.name));
}
function xe(i, e) {
  const t = f(i, "home");
  return t.find((s) => s.deviceId === e) ?? (e ? void 0 : t[0]);
}
function se(i, e) {
  const t = i.entities?.[e];
  if (!(!t || t.platform !== te))
    return Ot(i, t.device_id);
}
function ke(i, e) {
  return z(i, e, "switch", void 0);
}
const B = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
function ie(i) {
  return i?.locale?.language || i?.language || "en";
}
const et = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/;
function Mt(i) {
  const e = et.exec(i);
  return e ? `${e[4]}:${e[5]}` : i;
}
function tt(i) {
  return i.slice(0, 10);
}
function Re(i) {
  const e = et.exec(i);
  return e ? Number(e[4]) * 60 + Number(e[5]) : 0;
}
function st(i, e) {
  const [t, s, n] = e.split("-").map(Number), a = new Date(Date.UTC(t, s - 1, n, 12));
  return new Intl.DateTimeFormat(ie(i), { weekday: "short", timeZone: "UTC" }).format(a);
}
function he(i, e, t) {
  const s = Mt(e), n = tt(e);
  return t && n === t ? s : `${st(i, n)} ${s}`;
}
function Nt(i, e, t) {
  const s = typeof e == "string" ? new Date(e) : e;
  if (Number.isNaN(s.getTime())) return String(e);
  try {
    return new Intl.DateTimeFormat(ie(i), {
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZone: t || i?.config?.time_zone
    }).format(s);
  } catch {
    return s.toISOString();
  }
}
function ze(i, e, t) {
  const s = t || i?.config?.currency;
  if (!s) return b(i, e, 2);
  try {
    return new Intl.NumberFormat(ie(i), {
      style: "currency",
      currency: s,
      maximumFractionDigits: 2
    }).format(e);
  } catch {
    return `${b(i, e, 2)} ${s}`;
  }
}
function b(i, e, t = 0) {
  return new Intl.NumberFormat(ie(i), { maximumFractionDigits: t }).format(e);
}
function It(i, e) {
  return `${b(i, e)} W`;
}
function it(i, e, t = "full") {
  if (!e) return "";
  const s = i.states?.[e];
  if (!s) return e;
  if (typeof i.formatEntityName == "function")
    try {
      const a = t === "entity" ? [{ type: "entity" }] : [{ type: "device" }, { type: "entity" }], r = i.formatEntityName(s, a, { separator: " " });
      if (r) return r;
    } catch {
    }
  const n = s.attributes.friendly_name;
  if (typeof n != "string" || !n) return e;
  if (t === "entity") {
    const a = i.entities?.[e], r = a?.has_entity_name && a.device_id ? i.devices?.[a.device_id] : void 0, o = r ? r.name_by_user || r.name : void 0;
    if (o && n.startsWith(`${o} `)) return n.slice(o.length + 1);
  }
  return n;
}
function L(i) {
  return i === void 0 || i === "unknown" || i === "unavailable";
}
function ue(i) {
  const e = Math.floor(i / 60), t = i % 60;
  return `${String(e).padStart(2, "0")}:${String(t).padStart(2, "0")}`;
}
function q(i) {
  const e = /^(\d{1,2}):(\d{2})$/.exec(i.trim());
  if (!e) return;
  const t = Number(e[1]) * 60 + Number(e[2]);
  return t <= 1440 && Number(e[2]) < 60 ? t : void 0;
}
const K = 15, _ = 1440, He = 100;
function ae(i) {
  return i.collections.find((e) => e.id === i.active_collection);
}
function Le(i) {
  return {
    original: i.name,
    name: i.name,
    segments: i.segments.map((e) => ({
      start: q(e.start) ?? 0,
      end: q(e.end) ?? _,
      peak_shaving_w: e.peak_shaving_w,
      grid_charging_allowed: e.grid_charging_allowed
    }))
  };
}
function Dt(i) {
  return [...i.segments].sort((e, t) => e.start - t.start).map((e) => ({
    start: ue(e.start),
    end: ue(e.end),
    peak_shaving_w: e.peak_shaving_w,
    grid_charging_allowed: e.grid_charging_allowed
  }));
}
function Pt(i, e) {
  const t = [...i.segments].sort((r, o) => r.start - o.start), s = t[t.length - 1];
  let n = s ? s.end : 0;
  n >= _ && (n = 0);
  const a = Math.min(n + 60, _);
  return {
    ...i,
    segments: [...i.segments, { start: n, end: a, peak_shaving_w: e.peak_shaving_w, grid_charging_allowed: e.grid_charging_allowed }]
  };
}
function We(i, e, t) {
  const s = i.segments[e];
  if (!s) return i;
  const n = s.end - s.start, a = Math.min(Math.max(s.start + t, 0), _ - n);
  return F(i, e, { start: a, end: a + n });
}
function F(i, e, t) {
  return { ...i, segments: i.segments.map((s, n) => n === e ? { ...s, ...t } : s) };
}
function Ut(i, e) {
  return { ...i, segments: i.segments.filter((t, s) => s !== e) };
}
function Rt(i, e) {
  return (i.week[e] ?? []).map((t) => ({ schedule: i.schedules.find((s) => s.id === t.schedule), priority: t.priority })).filter((t) => t.schedule !== void 0).sort((t, s) => s.priority - t.priority);
}
function zt() {
  return Array.from({ length: _ / K + 1 }, (i, e) => e * K);
}
const re = {
  mon: "Mon",
  tue: "Tue",
  wed: "Wed",
  thu: "Thu",
  fri: "Fri",
  sat: "Sat",
  sun: "Sun"
}, Ht = {
  segment: "Schedule",
  defaults: "Defaults",
  override: "Override"
}, V = class V extends m {
  constructor() {
    super(...arguments), this.tab = "today", this.busy = !1, this.overrideMode = "until_next_boundary", this.overrideUntil = "", this.overrideWatts = "", this.overrideGrid = "", this.assignDays = /* @__PURE__ */ new Set(), this.assignPriority = "", this.setOverride = async () => {
      const e = { mode: this.overrideMode };
      this.overrideWatts !== "" && (e.peak_shaving_w = Number(this.overrideWatts)), this.overrideGrid !== "" && (e.grid_charging_allowed = this.overrideGrid === "on"), this.overrideMode === "until_time" && (e.until = this.overrideUntil), await this.act("set_override", e);
    };
  }
  static getConfigElement() {
    return document.createElement("voltwise-plant-card-editor");
  }
  static getStubConfig(e) {
    const t = f(e, "plant")[0];
    return { type: "custom:voltwise-plant-card", ...t ? { plant: t.deviceId } : {} };
  }
  setConfig(e) {
    super.setConfig(e), this.tab = e.view === "week" ? "week" : "today";
  }
  validate(e) {
    if (e.view !== void 0 && e.view !== "today" && e.view !== "week")
      throw new Error("view must be today or week");
  }
  getCardSize() {
    return 8;
  }
  get plant() {
    if (!this.hass || !this.config) return;
    const e = f(this.hass, "plant");
    return this.config.plant ? e.find((t) => t.deviceId === this.config.plant) : e[0];
  }
  entity(e, t) {
    return this.hass ? z(this.hass, this.plant?.deviceId, e, t) : void 0;
  }
  stateOf(e, t) {
    const s = this.entity(e, t);
    return s ? this.hass?.states[s]?.state : void 0;
  }
  refreshSeconds() {
    return 60;
  }
  fingerprint() {
    const e = this.plant;
    if (!e || !this.hass) return;
    const t = [
      ["sensor", "control_source"],
      ["sensor", "active_schedule"],
      ["sensor", "active_segment"],
      ["sensor", "next_change"],
      ["select", "active_collection"],
      ["binary_sensor", "override"]
    ].map(([s, n]) => {
      const a = this.entity(s, n);
      return a ? this.hass.states[a]?.last_updated : "";
    });
    return [e.deviceId, ...t].join("|");
  }
  async load() {
    const e = this.plant;
    !e || !this.hass || (this.data = await _e(this.hass, "get_plant_plan", { plant: e.deviceId }));
  }
  /** Run a plant service; refresh the plan after it, or show its error inline. */
  async act(e, t) {
    const s = this.plant;
    if (!s || !this.hass) return !1;
    this.busy = !0, this.actionError = void 0;
    try {
      return await Ze(this.hass, e, { plant: s.deviceId, ...t }), await this.reload(), !0;
    } catch (n) {
      return this.actionError = we(n), !1;
    } finally {
      this.busy = !1;
    }
  }
  // -- today ------------------------------------------------------------------------------------
  renderToday() {
    const e = this.hass, t = this.data?.now, s = this.stateOf("binary_sensor", "override") === "on" || t?.source === "override", n = this.stateOf("sensor", "desired_peak_shaving"), a = this.stateOf("sensor", "applied_peak_shaving"), r = this.stateOf("binary_sensor", "grid_charging"), o = this.stateOf("binary_sensor", "applied_grid_charging"), d = this.stateOf("sensor", "next_change"), h = this.stateOf("sensor", "last_apply_result"), u = (v) => L(v) ? "—" : It(e, Number(v)), p = (v) => L(v) ? "—" : v === "on" ? "Allowed" : "Not allowed", g = this.stateOf("sensor", "control_source") ?? t?.source;
    return l`<section>
      <div class="grid today">
        <div class="stat">
          <div class="label">${it(e, this.entity("sensor", "active_schedule"), "entity") || "Active schedule"}</div>
          <div class="value schedule">${this.show(this.stateOf("sensor", "active_schedule"), "Defaults")}</div>
        </div>
        <div class="stat">
          <div class="label">Active segment</div>
          <div class="value segment">${this.show(this.stateOf("sensor", "active_segment"), "—")}</div>
        </div>
        <div class="stat">
          <div class="label">Control source</div>
          <div class="value source">
            ${Ht[g ?? ""] ?? g ?? "—"}
            ${s ? l`<span class="badge override">OVERRIDE</span>` : c}
          </div>
        </div>
        <div class="stat compare">
          <div class="label">Peak-shaving limit</div>
          <div class="value limit">${u(n)}</div>
          <div class="applied limit-applied">applied: ${u(a)}</div>
        </div>
        <div class="stat compare">
          <div class="label">Grid charging</div>
          <div class="value grid-charging">${p(r)}</div>
          <div class="applied grid-applied">applied: ${p(o)}</div>
        </div>
        <div class="stat">
          <div class="label">Next change</div>
          <div class="value next-change">${L(d) ? "None" : Nt(e, d)}</div>
        </div>
        <div class="stat">
          <div class="label">Last apply</div>
          <div class="value last-apply">${this.show(h, "—")}</div>
        </div>
      </div>
    </section>
    <section>
      <h3>Override</h3>
      ${this.renderOverrideControls(s)}
    </section>`;
  }
  show(e, t) {
    return L(e) ? t : e;
  }
  renderOverrideControls(e) {
    const t = this.data?.plan.bounds ?? { min_w: 0, max_w: 1e4 };
    return l`<div class="controls">
        <label class="field"
          >Until
          <select
            name="override-mode"
            @change=${(s) => {
      this.overrideMode = s.target.value, this.requestUpdate();
    }}
          >
            <option value="until_next_boundary" ?selected=${this.overrideMode === "until_next_boundary"}>the next change</option>
            <option value="until_time" ?selected=${this.overrideMode === "until_time"}>a time</option>
            <option value="until_cleared" ?selected=${this.overrideMode === "until_cleared"}>cleared</option>
          </select>
        </label>
        ${this.overrideMode === "until_time" ? l`<label class="field"
              >End
              <input
                name="override-until"
                type="datetime-local"
                .value=${this.overrideUntil}
                @change=${(s) => this.overrideUntil = s.target.value}
              />
            </label>` : c}
        <label class="field"
          >Limit (W)
          <input
            name="override-watts"
            type="number"
            inputmode="numeric"
            min=${t.min_w}
            max=${t.max_w}
            step=${He}
            placeholder="keep"
            .value=${this.overrideWatts}
            @change=${(s) => this.overrideWatts = s.target.value}
          />
        </label>
        <label class="field"
          >Grid charging
          <select name="override-grid" @change=${(s) => this.overrideGrid = s.target.value}>
            <option value="" ?selected=${this.overrideGrid === ""}>keep</option>
            <option value="on" ?selected=${this.overrideGrid === "on"}>allow</option>
            <option value="off" ?selected=${this.overrideGrid === "off"}>forbid</option>
          </select>
        </label>
      </div>
      <div class="row actions">
        <button class="primary" name="set-override" ?disabled=${this.busy} @click=${this.setOverride}>Set override</button>
        ${e ? l`<button name="clear-override" ?disabled=${this.busy} @click=${() => this.act("clear_override", {})}>Resume plan</button>` : c}
        <button name="apply-now" ?disabled=${this.busy} @click=${() => this.act("apply_now", {})}>Apply now</button>
      </div>`;
  }
  // -- week -------------------------------------------------------------------------------------
  renderWeek(e) {
    return l`<section>
        <div class="week">
          ${B.map((t) => {
      const s = Rt(e, t);
      return l`<div class="day-label">${re[t]}</div>
              <div class="layers" data-day=${t}>
                ${s.length === 0 ? l`<div class="empty-day">Defaults all day</div>` : c}
                ${s.map(
        (n) => l`<div class="layer">
                    <div class="bar" title=${n.schedule.name}>
                      ${n.schedule.segments.map((a) => {
          const r = q(a.start) ?? 0, o = q(a.end) ?? _;
          return l`<div
                          class="seg ${a.grid_charging_allowed ? "grid" : ""}"
                          style="left:${r / _ * 100}%;width:${(o - r) / _ * 100}%"
                          title="${a.start}-${a.end} ${a.peak_shaving_w} W"
                        ></div>`;
        })}
                    </div>
                    <div class="row">
                      <button class="chip" name="edit-layer" @click=${() => this.edit(n.schedule.name)}>
                        ${n.schedule.name} · ${n.priority}
                      </button>
                      <button
                        class="chip icon-button"
                        name="unassign"
                        aria-label="Take ${n.schedule.name} off ${re[t]}"
                        ?disabled=${this.busy}
                        @click=${() => this.act("unassign_daily_schedule", { schedule: n.schedule.name, days: [t], collection: e.name })}
                      >
                        ×
                      </button>
                    </div>
                  </div>`
      )}
              </div>`;
    })}
        </div>
        <div class="legend muted" style="margin-top:6px">Bars: segments (green: grid charging allowed); number: priority, higher wins.</div>
      </section>
      <section>
        <h3>Daily schedules</h3>
        <div class="row">
          <label class="field"
            >Schedule
            <select name="schedule" @change=${(t) => this.edit(t.target.value)}>
              <option value="" ?selected=${this.editing === void 0}>Choose…</option>
              ${e.schedules.map(
      (t) => l`<option value=${t.name} ?selected=${this.editing === t.name}>${t.name}</option>`
    )}
              <option value="__new__" ?selected=${this.editing === ""}>New schedule…</option>
            </select>
          </label>
        </div>
        ${this.draft ? this.renderDraft(e, this.draft) : c}
      </section>`;
  }
  edit(e) {
    const t = this.data ? ae(this.data.plan) : void 0;
    if (!t) return;
    if (this.actionError = void 0, e === "__new__") {
      this.editing = "", this.draft = { name: "", segments: [] };
      return;
    }
    const s = t.schedules.find((n) => n.name === e);
    this.editing = s?.name, this.draft = s ? Le(s) : void 0;
  }
  renderDraft(e, t) {
    const s = this.data.plan.bounds, n = zt(), a = (r, o, d, h) => l`<select
        name="segment-${o}"
        aria-label=${h}
        @change=${(u) => this.draft = F(this.draft, d, { [o]: Number(u.target.value) })}
      >
        ${n.map((u) => l`<option value=${u} ?selected=${u === r}>${ue(u)}</option>`)}
      </select>`;
    return l`<div class="draft">
      ${t.original === void 0 ? l`<label class="field"
            >Name
            <input name="schedule-name" .value=${t.name} @input=${(r) => this.draft = { ...this.draft, name: r.target.value }} />
          </label>` : c}
      <div class="segments" role="list" aria-label="Segments of ${t.name || "the new schedule"}">
        ${t.segments.map(
      (r, o) => l`<div class="segment-row" role="listitem">
            <span class="times">
              ${a(r.start, "start", o, `Segment ${o + 1} start`)} –
              ${a(r.end, "end", o, `Segment ${o + 1} end`)}
            </span>
            <label class="inline"
              ><input
                name="segment-watts"
                type="number"
                inputmode="numeric"
                aria-label="Segment ${o + 1} limit in W"
                min=${s.min_w}
                max=${s.max_w}
                step=${He}
                .value=${String(r.peak_shaving_w)}
                @change=${(d) => this.draft = F(this.draft, o, { peak_shaving_w: Number(d.target.value) })}
              />
              W</label
            >
            <label class="inline"
              ><input
                name="segment-grid"
                type="checkbox"
                aria-label="Segment ${o + 1} grid charging"
                .checked=${r.grid_charging_allowed}
                @change=${(d) => this.draft = F(this.draft, o, { grid_charging_allowed: d.target.checked })}
              />
              grid charging</label
            >
            <span class="moves">
              <button class="icon-button" name="earlier" aria-label="Move segment ${o + 1} 15 minutes earlier" @click=${() => this.draft = We(this.draft, o, -K)}>◀</button>
              <button class="icon-button" name="later" aria-label="Move segment ${o + 1} 15 minutes later" @click=${() => this.draft = We(this.draft, o, K)}>▶</button>
              <button class="icon-button danger" name="delete-segment" aria-label="Delete segment ${o + 1}" @click=${() => this.draft = Ut(this.draft, o)}>✕</button>
            </span>
          </div>`
    )}
        ${t.segments.length === 0 ? l`<div class="muted">No segments: the defaults apply all day.</div>` : c}
      </div>
      <div class="row actions">
        <button name="add-segment" @click=${() => this.draft = Pt(this.draft, this.data.plan.defaults)}>Add segment</button>
        <button class="primary" name="save-schedule" ?disabled=${this.busy} @click=${() => this.saveDraft(e)}>Save</button>
        <button name="cancel-edit" @click=${() => this.edit(t.original ?? "")}>Discard changes</button>
        ${t.original !== void 0 ? l`<button class="danger" name="delete-schedule" ?disabled=${this.busy} @click=${() => this.deleteSchedule(e, t.original)}>Delete schedule</button>` : c}
      </div>
      ${t.original !== void 0 ? this.renderAssign(e, t.original) : c}
    </div>`;
  }
  async saveDraft(e) {
    const t = this.draft, s = t.name.trim();
    if (!s) {
      this.actionError = "Give the schedule a name.";
      return;
    }
    if (await this.act("set_daily_schedule", {
      schedule: s,
      segments: Dt(t),
      collection: e.name
    })) {
      this.editing = s;
      const a = this.data && ae(this.data.plan)?.schedules.find((r) => r.name === s);
      this.draft = a ? Le(a) : { ...t, original: s };
    }
  }
  async deleteSchedule(e, t) {
    await this.act("delete_daily_schedule", { schedule: t, collection: e.name }) && (this.editing = void 0, this.draft = void 0);
  }
  renderAssign(e, t) {
    return l`<div class="assign">
      <h3>Put "${t}" on days</h3>
      <div class="days" role="group" aria-label="Days">
        ${B.map(
      (s) => l`<label
            ><input
              type="checkbox"
              name="assign-day"
              value=${s}
              .checked=${this.assignDays.has(s)}
              @change=${(n) => {
        n.target.checked ? this.assignDays.add(s) : this.assignDays.delete(s), this.requestUpdate();
      }}
            />${re[s]}</label
          >`
    )}
      </div>
      <div class="row actions">
        <label class="field"
          >Priority
          <input
            name="assign-priority"
            type="number"
            min="0"
            step="1"
            placeholder="on top"
            .value=${this.assignPriority}
            @change=${(s) => this.assignPriority = s.target.value}
          />
        </label>
        <button
          name="assign"
          ?disabled=${this.busy || this.assignDays.size === 0}
          @click=${async () => {
      const s = {
        schedule: t,
        days: B.filter((n) => this.assignDays.has(n)),
        collection: e.name
      };
      this.assignPriority !== "" && (s.priority = Number(this.assignPriority)), await this.act("assign_daily_schedule", s) && this.assignDays.clear();
    }}
        >
          Assign
        </button>
      </div>
    </div>`;
  }
  // -- card -------------------------------------------------------------------------------------
  render() {
    if (!this.hass || !this.config) return c;
    const e = this.plant;
    if (!e)
      return this.notice(
        this.config.plant ? "This plant is not a VoltWise plant (any more)." : "No VoltWise plant found. Add one on your home's card under Settings > Devices & services."
      );
    const t = this.data ? ae(this.data.plan) : void 0;
    return l`<ha-card>
      <div class="header">
        <div class="title">${this.config.title ?? e.name}</div>
        ${t ? l`<div class="subtitle">Collection: ${t.name}</div>` : c}
      </div>
      <div class="tabs" role="tablist">
        ${["today", "week"].map(
      (s) => l`<button
            role="tab"
            name="tab-${s}"
            aria-selected=${this.tab === s ? "true" : "false"}
            @click=${() => this.tab = s}
          >
            ${s === "today" ? "Today" : "Week"}
          </button>`
    )}
      </div>
      ${this.actionError ? l`<div class="error" role="alert">${this.actionError}</div>` : c}
      ${this.loadError ? l`<div class="error">${this.loadError}</div>` : c}
      ${this.tab === "today" ? this.renderToday() : t ? this.renderWeek(t) : l`<div class="muted">Loading…</div>`}
    </ha-card>`;
  }
};
V.styles = [
  m.styles,
  U`
      section + section {
        margin-top: 16px;
      }
      h3 {
        font-size: 15px;
        font-weight: 500;
        margin: 0 0 8px;
      }
      .compare .applied {
        color: var(--vw-muted);
        font-size: 12px;
      }
      .controls {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(150px, 1fr));
        gap: 8px;
        align-items: end;
      }
      .actions {
        margin-top: 8px;
      }
      .week {
        display: grid;
        grid-template-columns: 40px 1fr;
        gap: 4px 8px;
        align-items: start;
      }
      .day-label {
        font-size: 12px;
        color: var(--vw-muted);
        padding-top: 3px;
      }
      .layers {
        display: flex;
        flex-direction: column;
        gap: 2px;
      }
      .layer {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 4px;
        align-items: center;
      }
      .bar {
        position: relative;
        height: 18px;
        background: rgba(127, 127, 127, 0.1);
        border-radius: 3px;
        overflow: hidden;
      }
      .bar .seg {
        position: absolute;
        top: 0;
        bottom: 0;
        background: var(--vw-accent);
        opacity: 0.8;
        border-left: 1px solid var(--card-background-color, #fff);
      }
      .bar .seg.grid {
        background: var(--vw-off-peak);
      }
      .layer .name {
        font-size: 12px;
        white-space: nowrap;
      }
      .layer button.chip {
        min-height: 24px;
        padding: 0 8px;
        font-size: 12px;
      }
      .empty-day {
        font-size: 12px;
        color: var(--vw-muted);
        padding-top: 3px;
      }
      .segments {
        display: flex;
        flex-direction: column;
        gap: 8px;
        margin: 8px 0;
      }
      .segment-row {
        display: flex;
        flex-wrap: wrap;
        align-items: center;
        gap: 6px 10px;
        padding-bottom: 8px;
        border-bottom: 1px solid var(--vw-line);
      }
      .segment-row input[type="number"] {
        width: 84px;
      }
      label.inline {
        display: inline-flex;
        align-items: center;
        gap: 4px;
        font-size: 13px;
      }
      .moves {
        display: inline-flex;
        gap: 4px;
        margin-left: auto;
      }
      .icon-button {
        min-width: 36px;
        padding: 0 8px;
      }
      .days {
        display: flex;
        gap: 6px;
        flex-wrap: wrap;
      }
      .days label {
        display: flex;
        gap: 4px;
        align-items: center;
        font-size: 13px;
      }
    `
], V.properties = {
  ...m.properties,
  data: { state: !0 },
  tab: { state: !0 },
  draft: { state: !0 },
  busy: { state: !0 },
  actionError: { state: !0 },
  editing: { state: !0 }
};
let pe = V;
class Lt extends P {
  render() {
    if (!this.hass || !this.config) return c;
    const e = f(this.hass, "plant").map((t) => ({ value: t.deviceId, label: t.name }));
    return l`<div class="editor">
      ${this.select("plant", "Plant", e)}
      ${this.select("view", "Opens on", [
      { value: "today", label: "Today" },
      { value: "week", label: "Week" }
    ])}
      ${this.text("title", "Title (optional)")}
    </div>`;
  }
}
function Wt(i, e) {
  const t = se(i, e);
  return t?.kind !== "plant" ? null : { config: { type: "custom:voltwise-plant-card", plant: t.deviceId } };
}
const nt = [
  { value: "once", label: "Once" },
  { value: "daily", label: "Every day" },
  { value: "weekdays", label: "Weekdays" },
  { value: "weekends", label: "Weekends" },
  { value: "days", label: "Chosen days" }
], at = { mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat", sun: "Sun" };
function jt(i) {
  const e = Math.round(i / 60), t = Math.floor(e / 60), s = e % 60;
  return t && s ? `${t} h ${s} min` : t ? `${t} h` : `${s} min`;
}
function Bt(i) {
  const e = Math.max(Math.round(i), 0);
  return `${Math.floor(e / 60)}:${String(e % 60).padStart(2, "0")}:00`;
}
function Ft(i) {
  const e = i.repeat === "once" ? i.date ? `Once on ${i.date}` : "Once" : i.repeat === "days" ? i.days.map((n) => at[n]).join(", ") : nt.find((n) => n.value === i.repeat)?.label ?? i.repeat, t = i.duration ? ` for ${jt(i.duration)}` : "";
  if (i.smart)
    return `${e}: best time between ${i.start} and ${i.end ?? "?"}${t}`;
  const s = i.end ? `–${i.end}` : t;
  return `${e}, ${i.start}${s}`;
}
function Gt(i) {
  const e = {
    start: i.start,
    repeat: i.repeat,
    smart: i.smart,
    end: i.end || null,
    duration: i.durationMinutes ? Bt(Number(i.durationMinutes)) : null
  };
  return i.repeat === "days" && (e.days = i.days), i.repeat === "once" ? e.date = i.date || null : e.end_date = i.endDate || null, i.scheduleId ? e.schedule_id = i.scheduleId : e.appliance = i.appliance, e;
}
function qt(i, e) {
  return {
    scheduleId: i.schedule_id,
    appliance: e,
    smart: i.smart,
    start: i.start,
    end: i.end ?? "",
    durationMinutes: i.duration ? String(Math.round(i.duration / 60)) : "",
    repeat: i.repeat,
    days: [...i.days],
    date: i.date ?? "",
    endDate: i.end_date ?? ""
  };
}
const J = class J extends m {
  constructor() {
    super(...arguments), this.busy = !1;
  }
  static getConfigElement() {
    return document.createElement("voltwise-schedules-card-editor");
  }
  static getStubConfig(e) {
    const t = f(e, "home")[0];
    return { type: "custom:voltwise-schedules-card", ...t ? { home: t.deviceId } : {} };
  }
  getCardSize() {
    return 4;
  }
  get home() {
    if (!(!this.hass || !this.config)) {
      if (this.config.appliance) {
        const e = se(this.hass, this.config.appliance);
        return e ? f(this.hass, "home", e.entryId)[0] : void 0;
      }
      return xe(this.hass, this.config.home);
    }
  }
  /** The appliances this card shows: one, or every appliance of the home. */
  appliances() {
    const e = this.hass, t = this.home;
    return !e || !t ? [] : f(e, "appliance", t.entryId).map((s) => ({ entityId: ke(e, s.deviceId) ?? "", name: s.name })).filter((s) => s.entityId && (!this.config?.appliance || s.entityId === this.config.appliance));
  }
  /**
   * The calendar entity changes only when the next run does, so a schedule added elsewhere for a
   * later day shows up at the next refresh; the card's own changes reload at once.
   */
  refreshSeconds() {
    return 30;
  }
  fingerprint() {
    const e = this.home;
    if (!e || !this.hass) return;
    const t = z(this.hass, e.deviceId, "calendar", "schedules");
    return [e.entryId, this.config?.appliance ?? "", t ? this.hass.states[t]?.last_updated : ""].join("|");
  }
  async load() {
    const e = this.home;
    if (!e || !this.hass) return;
    const t = this.config?.appliance ? { appliance: this.config.appliance } : { config_entry_id: e.entryId }, s = await _e(this.hass, "list_schedules", t);
    this.schedules = [...s.schedules].sort((n, a) => (n.next_trigger ?? "~").localeCompare(a.next_trigger ?? "~"));
  }
  async act(e, t) {
    if (!this.hass) return !1;
    this.busy = !0, this.actionError = void 0;
    try {
      return await Ze(this.hass, e, t), await this.reload(), !0;
    } catch (s) {
      return this.actionError = we(s), !1;
    } finally {
      this.busy = !1;
    }
  }
  newForm() {
    const e = this.appliances()[0];
    this.actionError = void 0, this.form = {
      appliance: e?.entityId ?? "",
      smart: !1,
      start: "",
      end: "",
      durationMinutes: "",
      repeat: "once",
      days: [],
      date: "",
      endDate: ""
    };
  }
  update_(e) {
    this.form && (this.form = { ...this.form, ...e });
  }
  async submit(e) {
    e.preventDefault();
    const t = this.form;
    if (!t) return;
    const s = t.scheduleId ? "update_schedule" : "schedule_appliance";
    await this.act(s, Gt(t)) && (this.form = void 0);
  }
  renderItem(e, t) {
    const s = e.next_action === "turn_off" ? "off" : "on", n = this.appliances().find((a) => a.name === e.appliance);
    return l`<li class="schedule" data-schedule=${e.schedule_id}>
      <div>
        <div class="what">${t ? l`${e.appliance}: ` : c}${Ft(e)}</div>
        <div class="muted next">
          ${e.next_trigger ? l`Next: ${s} at ${he(this.hass, e.next_trigger)}` : "No further runs"}
        </div>
      </div>
      <div class="row">
        <button
          name="edit"
          aria-label="Edit the schedule of ${e.appliance}"
          @click=${() => {
      this.actionError = void 0, this.form = qt(e, n?.entityId ?? "");
    }}
        >
          Edit
        </button>
        <button name="cancel" class="danger" aria-label="Cancel the schedule of ${e.appliance}" @click=${() => this.confirming = e.schedule_id}>
          Cancel
        </button>
      </div>
      ${this.confirming === e.schedule_id ? l`<div class="confirm row" role="alertdialog" aria-label="Cancel this schedule?">
            <span>Cancel this schedule?</span>
            <button
              class="danger"
              name="confirm-cancel"
              ?disabled=${this.busy}
              @click=${async () => {
      await this.act("cancel_schedule", { schedule_id: e.schedule_id }) && (this.confirming = void 0);
    }}
            >
              Yes, cancel it
            </button>
            <button name="keep" @click=${() => this.confirming = void 0}>Keep</button>
          </div>` : c}
    </li>`;
  }
  renderForm(e) {
    const t = this.appliances(), s = (n, a, r, o, d, h = "") => l`<label class="field ${h}"
        >${a}
        <input name=${n} type=${o} .value=${r} @change=${(u) => this.update_({ [d]: u.target.value })} />
      </label>`;
    return l`<form class="form" @submit=${this.submit} aria-label=${e.scheduleId ? "Edit schedule" : "New schedule"}>
      ${!e.scheduleId && t.length > 1 ? l`<label class="field"
            >Appliance
            <select name="appliance" @change=${(n) => this.update_({ appliance: n.target.value })}>
              ${t.map((n) => l`<option value=${n.entityId} ?selected=${n.entityId === e.appliance}>${n.name}</option>`)}
            </select>
          </label>` : c}
      <label class="field"
        >Kind
        <select name="kind" @change=${(n) => this.update_({ smart: n.target.value === "smart" })}>
          <option value="fixed" ?selected=${!e.smart}>At a time</option>
          <option value="smart" ?selected=${e.smart}>Best time in a window</option>
        </select>
      </label>
      ${s("start", e.smart ? "Window opens" : "Start", e.start, "time", "start")}
      ${s("end", e.smart ? "Window closes" : "End (optional)", e.end, "time", "end")}
      ${s("duration", e.smart ? "Run for (minutes)" : "Or run for (minutes)", e.durationMinutes, "number", "durationMinutes")}
      <label class="field"
        >Repeat
        <select name="repeat" @change=${(n) => this.update_({ repeat: n.target.value })}>
          ${nt.map((n) => l`<option value=${n.value} ?selected=${n.value === e.repeat}>${n.label}</option>`)}
        </select>
      </label>
      ${e.repeat === "once" ? s("date", "Date (optional)", e.date, "date", "date") : s("end_date", "Until (optional)", e.endDate, "date", "endDate")}
      ${e.repeat === "days" ? l`<div class="days wide" role="group" aria-label="Days">
            ${B.map(
      (n) => l`<label
                ><input
                  type="checkbox"
                  name="day"
                  value=${n}
                  .checked=${e.days.includes(n)}
                  @change=${(a) => this.update_({
        days: a.target.checked ? [...e.days, n] : e.days.filter((r) => r !== n)
      })}
                />${at[n]}</label
              >`
    )}
          </div>` : c}
      <div class="row wide">
        <button class="primary" type="submit" name="save" ?disabled=${this.busy}>${e.scheduleId ? "Save" : "Add schedule"}</button>
        <button type="button" name="close" @click=${() => this.form = void 0}>Close</button>
      </div>
    </form>`;
  }
  render() {
    if (!this.hass || !this.config) return c;
    if (!this.home) return this.notice("No VoltWise appliance found. Add one on your home's card under Settings > Devices & services.");
    const t = this.config.appliance, s = this.config.title ?? (t ? `${it(this.hass, t)}: schedules` : "Appliance schedules"), n = this.schedules;
    return l`<ha-card>
      <div class="header">
        <div class="title">${s}</div>
        <button name="add" @click=${() => this.newForm()}>Add</button>
      </div>
      ${this.loadError ? l`<div class="error">${this.loadError}</div>` : c}
      ${n === void 0 ? l`<div class="muted">Loading…</div>` : n.length === 0 ? l`<div class="muted empty">No schedules yet.</div>` : l`<ul>
              ${n.map((a) => this.renderItem(a, !t))}
            </ul>`}
      ${this.actionError ? l`<div class="error" role="alert">${this.actionError}</div>` : c}
      ${this.form ? this.renderForm(this.form) : c}
    </ha-card>`;
  }
};
J.styles = [
  m.styles,
  U`
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      li.schedule {
        display: grid;
        grid-template-columns: 1fr auto;
        gap: 4px 8px;
        padding: 8px 0;
        border-bottom: 1px solid var(--vw-line);
      }
      .what {
        font-weight: 500;
      }
      .form {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(140px, 1fr));
        gap: 8px;
        margin-top: 12px;
        padding-top: 12px;
        border-top: 1px solid var(--vw-line);
      }
      .form .wide {
        grid-column: 1 / -1;
      }
      .days {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
      }
      .days label {
        display: flex;
        gap: 4px;
        align-items: center;
      }
      .confirm {
        grid-column: 1 / -1;
      }
    `
], J.properties = {
  ...m.properties,
  schedules: { state: !0 },
  form: { state: !0 },
  busy: { state: !0 },
  actionError: { state: !0 },
  confirming: { state: !0 }
};
let ve = J;
class Kt extends P {
  render() {
    if (!this.hass || !this.config) return c;
    const e = this.hass, t = f(e, "home").map((a) => ({ value: a.deviceId, label: a.name })), s = xe(e, this.config.home), n = f(e, "appliance", s?.entryId).map((a) => ({ value: ke(e, a.deviceId) ?? "", label: a.name })).filter((a) => a.value);
    return l`<div class="editor">
      ${this.select("home", "Home", t)}
      ${this.select("appliance", "Appliance", n, "Every appliance of the home")}
      ${this.text("title", "Title (optional)")}
    </div>`;
  }
}
function Yt(i, e) {
  const t = se(i, e);
  if (t?.kind !== "appliance") return null;
  const s = ke(i, t.deviceId), n = f(i, "home", t.entryId)[0];
  return s ? {
    config: { type: "custom:voltwise-schedules-card", ...n ? { home: n.deviceId } : {}, appliance: s }
  } : null;
}
const Zt = [12, 24, 48], W = 15, oe = {
  peak: "Peak",
  normal: "Normal",
  off_peak: "Off-peak",
  solar: "Solar"
};
function O(i) {
  return i.slot ?? (i.peak ? "peak" : i.cheap ? "off_peak" : "normal");
}
function le(i, e) {
  const t = [], s = i.length;
  return i.forEach((n, a) => {
    const r = e(n), o = t[t.length - 1];
    o && o.value === r ? o.to = (a + 1) / s : t.push({ from: a / s, to: (a + 1) / s, value: r, first: a });
  }), t;
}
function Vt(i, e, t) {
  const s = t > e ? (i - e) / (t - e) : 0;
  return `hsl(${Math.round(120 * (1 - s))}, 60%, 45%)`;
}
function $(i) {
  return `${(Math.min(Math.max(i, 0), 1) * 100).toFixed(3)}%`;
}
const X = class X extends m {
  constructor() {
    super(...arguments), this.runs = [], this.selected = 0;
  }
  static getConfigElement() {
    return document.createElement("voltwise-timeline-card-editor");
  }
  static getStubConfig(e) {
    const t = f(e, "home")[0];
    return { type: "custom:voltwise-timeline-card", ...t ? { home: t.deviceId } : {}, hours: 24 };
  }
  validate(e) {
    if (e.hours !== void 0 && !(Number(e.hours) > 0 && Number(e.hours) <= 48))
      throw new Error("hours must be between 1 and 48");
  }
  getCardSize() {
    return 5;
  }
  get home() {
    return this.hass && this.config ? xe(this.hass, this.config.home) : void 0;
  }
  entity(e, t) {
    return this.hass ? z(this.hass, this.home?.deviceId, e, t) : void 0;
  }
  refreshSeconds() {
    return 300;
  }
  fingerprint() {
    const e = this.home;
    if (!e || !this.hass) return;
    const t = [
      this.entity("sensor", "penalty_score"),
      this.entity("select", "strategy"),
      this.entity("number", "penalty_threshold"),
      this.entity("calendar", "schedules")
    ].map((s) => s ? this.hass.states[s]?.last_updated : "");
    return [e.entryId, this.config?.hours ?? 24, ...t].join("|");
  }
  async load() {
    const e = this.home;
    if (!e || !this.hass) return;
    const t = Number(this.config?.hours ?? 24), s = await _e(this.hass, "get_penalty_timeline", {
      config_entry_id: e.entryId,
      hours: t,
      resolution: W
    });
    this.timeline = s, this.selected = Math.min(this.selected, Math.max(s.points.length - 1, 0)), this.runs = await this.loadRuns(s);
  }
  async loadRuns(e) {
    const t = this.entity("calendar", "schedules");
    if (!t || !this.hass || e.points.length === 0) return [];
    const s = new Date(e.points[0].start).getTime(), n = s + e.points.length * W * 6e4;
    return (await this.hass.callApi(
      "GET",
      `calendars/${t}?start=${encodeURIComponent(new Date(s).toISOString())}&end=${encodeURIComponent(new Date(n).toISOString())}`
    )).filter((r) => r.start.dateTime && r.end.dateTime).map((r) => ({
      from: (new Date(r.start.dateTime).getTime() - s) / (n - s),
      to: (new Date(r.end.dateTime).getTime() - s) / (n - s),
      name: r.summary
    })).filter((r) => r.to > 0 && r.from < 1);
  }
  bands(e, t) {
    const s = e.map((o) => o.intensity), n = Math.min(...s), a = Math.max(...s), r = this.nextBestFraction(e);
    return [
      {
        key: "tariff",
        label: "Tariff",
        render: () => l`<div class="track">
            ${le(e, O).map(
          (o) => l`<div class="seg ${o.value}" style="left:${$(o.from)};width:${$(o.to - o.from)}">
                ${oe[o.value] ?? o.value}
              </div>`
        )}
          </div>`
      },
      {
        key: "carbon",
        label: "Carbon",
        render: () => l`<div class="track">
            ${le(e, (o) => o.intensity).map(
          (o) => l`<div
                class="seg"
                style="left:${$(o.from)};width:${$(o.to - o.from)};background:${Vt(o.value, n, a)}"
              ></div>`
        )}
          </div>`
      },
      {
        key: "penalty",
        label: "Penalty",
        tall: !0,
        render: () => l`<div class="track tall">${this.penaltyChart(e, t.threshold)}</div>`
      },
      {
        key: "best",
        label: "Best",
        render: () => l`<div class="track">
            ${le(e, (o) => o.cheap && o.clean).filter((o) => o.value).map(
          (o) => l`<div
                  class="seg best ${r !== void 0 && r >= o.from && r < o.to ? "next-best" : ""}"
                  style="left:${$(o.from)};width:${$(o.to - o.from)}"
                  title="Cheap and clean"
                ></div>`
        )}
          </div>`
      },
      {
        key: "runs",
        label: "Runs",
        render: () => l`<div class="track">
            ${this.runs.map(
          (o) => l`<div class="seg run" style="left:${$(o.from)};width:${$(o.to - o.from)}" title=${o.name}>
                ${o.name}
              </div>`
        )}
          </div>`
      }
    ];
  }
  nextBestFraction(e) {
    const t = this.entity("sensor", "best_window_start"), s = t ? this.hass?.states[t]?.state : void 0;
    if (!s || e.length === 0) return;
    const n = new Date(s).getTime(), a = new Date(e[0].start).getTime(), r = (n - a) / (e.length * W * 6e4);
    return Number.isFinite(r) && r >= 0 && r < 1 ? r : void 0;
  }
  penaltyChart(e, t) {
    const s = e.length, a = `0,100 ${e.flatMap((o, d) => [`${d},${(1 - o.penalty) * 100}`, `${d + 1},${(1 - o.penalty) * 100}`]).join(" ")} ${s},100`, r = (1 - t) * 100;
    return l`<svg class="penalty" viewBox="0 0 ${s} 100" preserveAspectRatio="none" aria-hidden="true">
      ${$t`<polygon class="area" points=${a} vector-effect="non-scaling-stroke"></polygon>
      <line class="threshold" x1="0" x2=${s} y1=${r} y2=${r} vector-effect="non-scaling-stroke"></line>`}
    </svg>`;
  }
  axis(e) {
    const t = e.length, s = t > 120 ? 12 : 6, n = e.flatMap((a, r) => {
      const o = Re(a.start), d = r > 0 ? Re(e[r - 1].start) : -1, h = Math.floor(o / 60);
      if (r === 0 || Math.floor(d / 60) === h || h % s !== 0) return [];
      const u = h === 0 ? st(this.hass, tt(a.start)) : `${String(h).padStart(2, "0")}:00`;
      return [{ at: (r - o % 60 / W) / t, label: u }];
    });
    return l`<div></div>
      <div class="axis" aria-hidden="true">
        ${n.map((a) => l`<span style="left:${$(a.at)}">${a.label}</span>`)}
      </div>`;
  }
  select(e) {
    const t = this.timeline?.points.length ?? 0;
    t !== 0 && (this.selected = Math.min(Math.max(e, 0), t - 1));
  }
  onPointer(e) {
    const s = e.currentTarget.getBoundingClientRect(), n = this.timeline?.points.length ?? 0;
    s.width <= 0 || n === 0 || this.select(Math.floor((e.clientX - s.left) / s.width * n));
  }
  onKey(e) {
    const t = this.timeline?.points.length ?? 0, s = {
      ArrowRight: 1,
      ArrowUp: 1,
      ArrowLeft: -1,
      ArrowDown: -1,
      PageUp: 4,
      PageDown: -4
    };
    if (e.key in s) this.select(this.selected + s[e.key]);
    else if (e.key === "Home") this.select(0);
    else if (e.key === "End") this.select(t - 1);
    else return;
    e.preventDefault();
  }
  describe(e, t) {
    const s = oe[O(e)] ?? O(e);
    return [
      he(this.hass, e.start),
      s,
      `${ze(this.hass, e.rate, t.currency)}/kWh`,
      `${b(this.hass, e.intensity)} gCO2eq/kWh`,
      `penalty ${b(this.hass, e.penalty, 2)}`
    ].join(", ");
  }
  render() {
    if (!this.hass || !this.config) return c;
    const e = this.home;
    if (!e) return this.notice("No VoltWise home found. Add one under Settings > Devices & services.");
    const t = Number(this.config.hours ?? 24), s = this.config.title ?? `${e.name}: next ${t} h`, n = this.timeline;
    if (this.loadError && !n)
      return l`<ha-card><div class="title">${s}</div><div class="error">${this.loadError}</div></ha-card>`;
    if (!n || n.points.length === 0)
      return l`<ha-card><div class="title">${s}</div><div class="muted">Loading…</div></ha-card>`;
    const a = n.points, r = a[this.selected] ?? a[0], o = this.bands(a, n), d = r.penalty > n.threshold;
    return l`<ha-card>
      <div class="header">
        <div class="title">${s}</div>
        <div class="subtitle">Strategy: ${n.strategy.replace("_", " ")} · threshold ${b(this.hass, n.threshold, 2)}</div>
      </div>
      <div class="bands">
        <div class="labels" aria-hidden="true">
          ${o.map((h) => l`<div class="band-label ${h.tall ? "tall" : ""}">${h.label}</div>`)}
        </div>
        <div
          class="tracks"
          role="slider"
          tabindex="0"
          aria-label="Time on the timeline"
          aria-valuemin="0"
          aria-valuemax=${a.length - 1}
          aria-valuenow=${this.selected}
          aria-valuetext=${this.describe(r, n)}
          @pointerdown=${this.onPointer}
          @keydown=${this.onKey}
        >
          ${o.map((h) => h.render())}
          <div class="cursor" style="left:${$((this.selected + 0.5) / a.length)}"></div>
        </div>
        ${this.axis(a)}
      </div>
      <div class="details grid" aria-live="polite">
        <div class="stat"><div class="label">Time</div><div class="value time">${he(this.hass, r.start)}</div></div>
        <div class="stat"><div class="label">Tariff</div><div class="value slot">${oe[O(r)] ?? O(r)}</div></div>
        <div class="stat"><div class="label">Rate</div><div class="value rate">${ze(this.hass, r.rate, n.currency)}/kWh</div></div>
        <div class="stat"><div class="label">Carbon intensity</div><div class="value intensity">${b(this.hass, r.intensity)} g/kWh</div></div>
        <div class="stat">
          <div class="label">Penalty</div>
          <div class="value penalty">${b(this.hass, r.penalty, 2)} ${d ? l`<span class="badge">above threshold</span>` : c}</div>
        </div>
      </div>
      <div class="legend" aria-hidden="true">
        <span><i style="background:var(--vw-peak)"></i>Peak</span>
        <span><i style="background:var(--vw-normal)"></i>Normal</span>
        <span><i style="background:var(--vw-off-peak)"></i>Off-peak</span>
        <span><i style="background:var(--vw-solar)"></i>Solar</span>
        <span><i style="background:var(--vw-clean)"></i>Best window (cheap and clean)</span>
        <span><i style="background:var(--vw-accent)"></i>Scheduled run</span>
      </div>
      ${this.loadError ? l`<div class="error">${this.loadError}</div>` : c}
    </ha-card>`;
  }
};
X.styles = [
  m.styles,
  U`
      .bands {
        display: grid;
        grid-template-columns: 72px 1fr;
        column-gap: 8px;
      }
      .labels,
      .tracks {
        display: flex;
        flex-direction: column;
        gap: 6px;
      }
      .labels div {
        height: 22px;
        line-height: 22px;
      }
      .labels div.tall {
        height: 48px;
        line-height: 48px;
      }
      .tracks {
        position: relative;
        cursor: crosshair;
        touch-action: pan-y;
        border-radius: 4px;
      }
      .band-label {
        font-size: 12px;
        color: var(--vw-muted);
      }
      .track {
        position: relative;
        height: 22px;
        border-radius: 4px;
        background: rgba(127, 127, 127, 0.08);
        overflow: hidden;
      }
      .track.tall {
        height: 48px;
      }
      .seg {
        position: absolute;
        top: 0;
        bottom: 0;
        font-size: 11px;
        line-height: 22px;
        color: #fff;
        overflow: hidden;
        white-space: nowrap;
        text-overflow: ellipsis;
        padding-left: 3px;
        box-sizing: border-box;
      }
      .seg.peak {
        background: var(--vw-peak);
      }
      .seg.normal {
        background: var(--vw-normal);
      }
      .seg.off_peak {
        background: var(--vw-off-peak);
      }
      .seg.solar {
        background: var(--vw-solar);
      }
      .seg.best {
        background: var(--vw-clean);
        opacity: 0.75;
      }
      .seg.next-best {
        outline: 2px solid var(--primary-text-color);
        outline-offset: -2px;
        opacity: 1;
      }
      .seg.run {
        background: var(--vw-accent);
        border-left: 1px solid var(--card-background-color, #fff);
      }
      svg.penalty {
        position: absolute;
        inset: 0;
        width: 100%;
        height: 100%;
      }
      .area {
        fill: var(--vw-accent);
        fill-opacity: 0.25;
        stroke: var(--vw-accent);
        stroke-width: 1.5;
      }
      .threshold {
        stroke: var(--vw-peak);
        stroke-width: 1.5;
        stroke-dasharray: 4 3;
      }
      .cursor {
        position: absolute;
        top: 0;
        bottom: 0;
        width: 2px;
        margin-left: -1px;
        background: var(--primary-text-color);
        pointer-events: none;
      }
      .axis {
        position: relative;
        height: 16px;
        font-size: 11px;
        color: var(--vw-muted);
      }
      .axis span {
        position: absolute;
        transform: translateX(-50%);
        white-space: nowrap;
      }
      .details {
        margin-top: 12px;
      }
      .legend {
        display: flex;
        gap: 10px;
        flex-wrap: wrap;
        margin-top: 8px;
        font-size: 12px;
        color: var(--vw-muted);
      }
      .legend i {
        display: inline-block;
        width: 10px;
        height: 10px;
        border-radius: 2px;
        margin-right: 4px;
        vertical-align: -1px;
      }
      @media (max-width: 480px) {
        .bands {
          grid-template-columns: 56px 1fr;
        }
      }
    `
], X.properties = {
  ...m.properties,
  timeline: { state: !0 },
  runs: { state: !0 },
  selected: { state: !0 }
};
let ge = X;
class Jt extends P {
  render() {
    if (!this.hass || !this.config) return c;
    const e = f(this.hass, "home").map((t) => ({ value: t.deviceId, label: t.name }));
    return l`<div class="editor">
      ${this.select("home", "Home", e)}
      ${this.select(
      "hours",
      "Hours ahead",
      Zt.map((t) => ({ value: String(t), label: `${t} h` }))
    )}
      ${this.text("title", "Title (optional)")}
    </div>`;
  }
  set(e, t) {
    super.set(e, e === "hours" && t !== "" ? Number(t) : t);
  }
}
function Xt(i, e) {
  const t = se(i, e);
  return t?.kind !== "home" ? null : { config: { type: "custom:voltwise-timeline-card", home: t.deviceId, hours: 24 } };
}
function Ae(i) {
  if (i.editor && i.editorType && !customElements.get(i.editorType) && customElements.define(i.editorType, i.editor), customElements.get(i.type) || customElements.define(i.type, i.element), window.customCards = window.customCards ?? [], window.customCards.some((t) => t.type === i.type)) return;
  const e = {
    type: i.type,
    name: i.name,
    description: i.description,
    preview: !0,
    documentationURL: "https://github.com/voltwise/voltwise#dashboard"
  };
  if (i.getEntitySuggestion) {
    const t = i.getEntitySuggestion;
    e.getEntitySuggestion = (s, n) => {
      try {
        return t(s, n);
      } catch {
        return null;
      }
    };
  }
  window.customCards.push(e);
}
Ae({
  type: "voltwise-timeline-card",
  element: ge,
  editorType: "voltwise-timeline-card-editor",
  editor: Jt,
  name: "VoltWise timeline",
  description: "The coming hours as bands: tariff slot, carbon intensity, penalty and threshold, best windows and scheduled runs.",
  getEntitySuggestion: Xt
});
Ae({
  type: "voltwise-plant-card",
  element: pe,
  editorType: "voltwise-plant-card-editor",
  editor: Lt,
  name: "VoltWise plant",
  description: "A Solis plant today (schedule, desired vs applied, override) and its week of daily schedules, editable.",
  getEntitySuggestion: Wt
});
Ae({
  type: "voltwise-schedules-card",
  element: ve,
  editorType: "voltwise-schedules-card-editor",
  editor: Kt,
  name: "VoltWise schedules",
  description: "An appliance's upcoming runs: add, edit or cancel once, repeating or best-time-in-a-window schedules.",
  getEntitySuggestion: Yt
});
