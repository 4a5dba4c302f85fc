const Y = globalThis, Dt = Y.ShadowRoot && (Y.ShadyCSS === void 0 || Y.ShadyCSS.nativeShadow) && "adoptedStyleSheets" in Document.prototype && "replace" in CSSStyleSheet.prototype, Pt = /* @__PURE__ */ Symbol(), Ht = /* @__PURE__ */ new WeakMap();
let ae = class {
  constructor(t, e, s) {
    if (this._$cssResult$ = !0, s !== Pt) throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");
    this.cssText = t, this.t = e;
  }
  get styleSheet() {
    let t = this.o;
    const e = this.t;
    if (Dt && t === void 0) {
      const s = e !== void 0 && e.length === 1;
      s && (t = Ht.get(e)), t === void 0 && ((this.o = t = new CSSStyleSheet()).replaceSync(this.cssText), s && Ht.set(e, t));
    }
    return t;
  }
  toString() {
    return this.cssText;
  }
};
const we = (i) => new ae(typeof i == "string" ? i : i + "", void 0, Pt), T = (i, ...t) => {
  const e = i.length === 1 ? i[0] : t.reduce((s, a, n) => s + ((r) => {
    if (r._$cssResult$ === !0) return r.cssText;
    if (typeof r == "number") return r;
    throw Error("Value passed to 'css' function must be a 'css' function result: " + r + ". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.");
  })(a) + i[n + 1], i[0]);
  return new ae(e, i, Pt);
}, _e = (i, t) => {
  if (Dt) i.adoptedStyleSheets = t.map((e) => e instanceof CSSStyleSheet ? e : e.styleSheet);
  else for (const e of t) {
    const s = document.createElement("style"), a = Y.litNonce;
    a !== void 0 && s.setAttribute("nonce", a), s.textContent = e.cssText, i.appendChild(s);
  }
}, Lt = Dt ? (i) => i : (i) => i instanceof CSSStyleSheet ? ((t) => {
  let e = "";
  for (const s of t.cssRules) e += s.cssText;
  return we(e);
})(i) : i;
const { is: xe, defineProperty: ke, getOwnPropertyDescriptor: Se, getOwnPropertyNames: Ae, getOwnPropertySymbols: Ee, getPrototypeOf: Ce } = Object, ct = globalThis, Wt = ct.trustedTypes, Te = Wt ? Wt.emptyScript : "", Ie = ct.reactiveElementPolyfillSupport, z = (i, t) => i, kt = { toAttribute(i, t) {
  switch (t) {
    case Boolean:
      i = i ? Te : null;
      break;
    case Object:
    case Array:
      i = i == null ? i : JSON.stringify(i);
  }
  return i;
}, fromAttribute(i, t) {
  let e = i;
  switch (t) {
    case Boolean:
      e = i !== null;
      break;
    case Number:
      e = i === null ? null : Number(i);
      break;
    case Object:
    case Array:
      try {
        e = JSON.parse(i);
      } catch {
        e = null;
      }
  }
  return e;
} }, ne = (i, t) => !xe(i, t), jt = { attribute: !0, type: String, converter: kt, reflect: !1, useDefault: !1, hasChanged: ne };
Symbol.metadata ??= /* @__PURE__ */ Symbol("metadata"), ct.litPropertyMetadata ??= /* @__PURE__ */ new WeakMap();
let I = class extends HTMLElement {
  static addInitializer(t) {
    this._$Ei(), (this.l ??= []).push(t);
  }
  static get observedAttributes() {
    return this.finalize(), this._$Eh && [...this._$Eh.keys()];
  }
  static createProperty(t, e = jt) {
    if (e.state && (e.attribute = !1), this._$Ei(), this.prototype.hasOwnProperty(t) && ((e = Object.create(e)).wrapped = !0), this.elementProperties.set(t, e), !e.noAccessor) {
      const s = /* @__PURE__ */ Symbol(), a = this.getPropertyDescriptor(t, s, e);
      a !== void 0 && ke(this.prototype, t, a);
    }
  }
  static getPropertyDescriptor(t, e, s) {
    const { get: a, set: n } = Se(this.prototype, t) ?? { get() {
      return this[e];
    }, set(r) {
      this[e] = r;
    } };
    return { get: a, set(r) {
      const o = a?.call(this);
      n?.call(this, r), this.requestUpdate(t, o, s);
    }, configurable: !0, enumerable: !0 };
  }
  static getPropertyOptions(t) {
    return this.elementProperties.get(t) ?? jt;
  }
  static _$Ei() {
    if (this.hasOwnProperty(z("elementProperties"))) return;
    const t = Ce(this);
    t.finalize(), t.l !== void 0 && (this.l = [...t.l]), this.elementProperties = new Map(t.elementProperties);
  }
  static finalize() {
    if (this.hasOwnProperty(z("finalized"))) return;
    if (this.finalized = !0, this._$Ei(), this.hasOwnProperty(z("properties"))) {
      const e = this.properties, s = [...Ae(e), ...Ee(e)];
      for (const a of s) this.createProperty(a, e[a]);
    }
    const t = this[Symbol.metadata];
    if (t !== null) {
      const e = litPropertyMetadata.get(t);
      if (e !== void 0) for (const [s, a] of e) this.elementProperties.set(s, a);
    }
    this._$Eh = /* @__PURE__ */ new Map();
    for (const [e, s] of this.elementProperties) {
      const a = this._$Eu(e, s);
      a !== void 0 && this._$Eh.set(a, e);
    }
    this.elementStyles = this.finalizeStyles(this.styles);
  }
  static finalizeStyles(t) {
    const e = [];
    if (Array.isArray(t)) {
      const s = new Set(t.flat(1 / 0).reverse());
      for (const a of s) e.unshift(Lt(a));
    } else t !== void 0 && e.push(Lt(t));
    return e;
  }
  static _$Eu(t, e) {
    const s = e.attribute;
    return s === !1 ? void 0 : typeof s == "string" ? s : typeof t == "string" ? t.toLowerCase() : void 0;
  }
  constructor() {
    super(), this._$Ep = void 0, this.isUpdatePending = !1, this.hasUpdated = !1, this._$Em = null, this._$Ev();
  }
  _$Ev() {
    this._$ES = new Promise((t) => this.enableUpdating = t), this._$AL = /* @__PURE__ */ new Map(), this._$E_(), this.requestUpdate(), this.constructor.l?.forEach((t) => t(this));
  }
  addController(t) {
    (this._$EO ??= /* @__PURE__ */ new Set()).add(t), this.renderRoot !== void 0 && this.isConnected && t.hostConnected?.();
  }
  removeController(t) {
    this._$EO?.delete(t);
  }
  _$E_() {
    const t = /* @__PURE__ */ new Map(), e = this.constructor.elementProperties;
    for (const s of e.keys()) this.hasOwnProperty(s) && (t.set(s, this[s]), delete this[s]);
    t.size > 0 && (this._$Ep = t);
  }
  createRenderRoot() {
    const t = this.shadowRoot ?? this.attachShadow(this.constructor.shadowRootOptions);
    return _e(t, this.constructor.elementStyles), t;
  }
  connectedCallback() {
    this.renderRoot ??= this.createRenderRoot(), this.enableUpdating(!0), this._$EO?.forEach((t) => t.hostConnected?.());
  }
  enableUpdating(t) {
  }
  disconnectedCallback() {
    this._$EO?.forEach((t) => t.hostDisconnected?.());
  }
  attributeChangedCallback(t, e, s) {
    this._$AK(t, s);
  }
  _$ET(t, e) {
    const s = this.constructor.elementProperties.get(t), a = this.constructor._$Eu(t, s);
    if (a !== void 0 && s.reflect === !0) {
      const n = (s.converter?.toAttribute !== void 0 ? s.converter : kt).toAttribute(e, s.type);
      this._$Em = t, n == null ? this.removeAttribute(a) : this.setAttribute(a, n), this._$Em = null;
    }
  }
  _$AK(t, e) {
    const s = this.constructor, a = s._$Eh.get(t);
    if (a !== void 0 && this._$Em !== a) {
      const n = s.getPropertyOptions(a), r = typeof n.converter == "function" ? { fromAttribute: n.converter } : n.converter?.fromAttribute !== void 0 ? n.converter : kt;
      this._$Em = a;
      const o = r.fromAttribute(e, n.type);
      this[a] = o ?? this._$Ej?.get(a) ?? o, this._$Em = null;
    }
  }
  requestUpdate(t, e, s, a = !1, n) {
    if (t !== void 0) {
      const r = this.constructor;
      if (a === !1 && (n = this[t]), s ??= r.getPropertyOptions(t), !((s.hasChanged ?? ne)(n, e) || s.useDefault && s.reflect && n === this._$Ej?.get(t) && !this.hasAttribute(r._$Eu(t, s)))) return;
      this.C(t, e, s);
    }
    this.isUpdatePending === !1 && (this._$ES = this._$EP());
  }
  C(t, e, { useDefault: s, reflect: a, wrapped: n }, r) {
    s && !(this._$Ej ??= /* @__PURE__ */ new Map()).has(t) && (this._$Ej.set(t, r ?? e ?? this[t]), n !== !0 || r !== void 0) || (this._$AL.has(t) || (this.hasUpdated || s || (e = void 0), this._$AL.set(t, e)), a === !0 && this._$Em !== t && (this._$Eq ??= /* @__PURE__ */ new Set()).add(t));
  }
  async _$EP() {
    this.isUpdatePending = !0;
    try {
      await this._$ES;
    } catch (e) {
      Promise.reject(e);
    }
    const t = this.scheduleUpdate();
    return t != null && await t, !this.isUpdatePending;
  }
  scheduleUpdate() {
    return this.performUpdate();
  }
  performUpdate() {
    if (!this.isUpdatePending) return;
    if (!this.hasUpdated) {
      if (this.renderRoot ??= this.createRenderRoot(), this._$Ep) {
        for (const [a, n] of this._$Ep) this[a] = n;
        this._$Ep = void 0;
      }
      const s = this.constructor.elementProperties;
      if (s.size > 0) for (const [a, n] of s) {
        const { wrapped: r } = n, o = this[a];
        r !== !0 || this._$AL.has(a) || o === void 0 || this.C(a, void 0, n, o);
      }
    }
    let t = !1;
    const e = this._$AL;
    try {
      t = this.shouldUpdate(e), t ? (this.willUpdate(e), this._$EO?.forEach((s) => s.hostUpdate?.()), this.update(e)) : this._$EM();
    } catch (s) {
      throw t = !1, this._$EM(), s;
    }
    t && this._$AE(e);
  }
  willUpdate(t) {
  }
  _$AE(t) {
    this._$EO?.forEach((e) => e.hostUpdated?.()), this.hasUpdated || (this.hasUpdated = !0, this.firstUpdated(t)), this.updated(t);
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
  shouldUpdate(t) {
    return !0;
  }
  update(t) {
    this._$Eq &&= this._$Eq.forEach((e) => this._$ET(e, this[e])), this._$EM();
  }
  updated(t) {
  }
  firstUpdated(t) {
  }
};
I.elementStyles = [], I.shadowRootOptions = { mode: "open" }, I[z("elementProperties")] = /* @__PURE__ */ new Map(), I[z("finalized")] = /* @__PURE__ */ new Map(), Ie?.({ ReactiveElement: I }), (ct.reactiveElementVersions ??= []).push("2.1.2");
const Rt = globalThis, Bt = (i) => i, J = Rt.trustedTypes, Ft = J ? J.createPolicy("lit-html", { createHTML: (i) => i }) : void 0, re = "$lit$", x = `lit$${Math.random().toFixed(9).slice(2)}$`, oe = "?" + x, Oe = `<${oe}>`, E = document, H = () => E.createComment(""), L = (i) => i === null || typeof i != "object" && typeof i != "function", Ut = Array.isArray, Ne = (i) => Ut(i) || typeof i?.[Symbol.iterator] == "function", gt = `[ 	
\f\r]`, P = /<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g, Gt = /-->/g, qt = />/g, S = RegExp(`>|${gt}(?:([^\\s"'>=/]+)(${gt}*=${gt}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`, "g"), Kt = /'/g, Yt = /"/g, le = /^(?:script|style|textarea|title)$/i, ce = (i) => (t, ...e) => ({ _$litType$: i, strings: t, values: e }), l = ce(1), St = ce(2), N = /* @__PURE__ */ Symbol.for("lit-noChange"), h = /* @__PURE__ */ Symbol.for("lit-nothing"), Vt = /* @__PURE__ */ new WeakMap(), A = E.createTreeWalker(E, 129);
function de(i, t) {
  if (!Ut(i) || !i.hasOwnProperty("raw")) throw Error("invalid template strings array");
  return Ft !== void 0 ? Ft.createHTML(t) : t;
}
const Me = (i, t) => {
  const e = i.length - 1, s = [];
  let a, n = t === 2 ? "<svg>" : t === 3 ? "<math>" : "", r = P;
  for (let o = 0; o < e; o++) {
    const d = i[o];
    let c, u, p = -1, y = 0;
    for (; y < d.length && (r.lastIndex = y, u = r.exec(d), u !== null); ) y = r.lastIndex, r === P ? u[1] === "!--" ? r = Gt : u[1] !== void 0 ? r = qt : u[2] !== void 0 ? (le.test(u[2]) && (a = RegExp("</" + u[2], "g")), r = S) : u[3] !== void 0 && (r = S) : r === S ? u[0] === ">" ? (r = a ?? P, p = -1) : u[1] === void 0 ? p = -2 : (p = r.lastIndex - u[2].length, c = u[1], r = u[3] === void 0 ? S : u[3] === '"' ? Yt : Kt) : r === Yt || r === Kt ? r = S : r === Gt || r === qt ? r = P : (r = S, a = void 0);
    const v = r === S && i[o + 1].startsWith("/>") ? " " : "";
    n += r === P ? d + Oe : p >= 0 ? (s.push(c), d.slice(0, p) + re + d.slice(p) + x + v) : d + x + (p === -2 ? o : v);
  }
  return [de(i, n + (i[e] || "<?>") + (t === 2 ? "</svg>" : t === 3 ? "</math>" : "")), s];
};
class W {
  constructor({ strings: t, _$litType$: e }, s) {
    let a;
    this.parts = [];
    let n = 0, r = 0;
    const o = t.length - 1, d = this.parts, [c, u] = Me(t, e);
    if (this.el = W.createElement(c, s), A.currentNode = this.el.content, e === 2 || e === 3) {
      const p = this.el.content.firstChild;
      p.replaceWith(...p.childNodes);
    }
    for (; (a = A.nextNode()) !== null && d.length < o; ) {
      if (a.nodeType === 1) {
        if (a.hasAttributes()) for (const p of a.getAttributeNames()) if (p.endsWith(re)) {
          const y = u[r++], v = a.getAttribute(p).split(x), K = /([.?@])?(.*)/.exec(y);
          d.push({ type: 1, index: n, name: K[2], strings: v, ctor: K[1] === "." ? Pe : K[1] === "?" ? Re : K[1] === "@" ? Ue : dt }), a.removeAttribute(p);
        } else p.startsWith(x) && (d.push({ type: 6, index: n }), a.removeAttribute(p));
        if (le.test(a.tagName)) {
          const p = a.textContent.split(x), y = p.length - 1;
          if (y > 0) {
            a.textContent = J ? J.emptyScript : "";
            for (let v = 0; v < y; v++) a.append(p[v], H()), A.nextNode(), d.push({ type: 2, index: ++n });
            a.append(p[y], H());
          }
        }
      } else if (a.nodeType === 8) if (a.data === oe) d.push({ type: 2, index: n });
      else {
        let p = -1;
        for (; (p = a.data.indexOf(x, p + 1)) !== -1; ) d.push({ type: 7, index: n }), p += x.length - 1;
      }
      n++;
    }
  }
  static createElement(t, e) {
    const s = E.createElement("template");
    return s.innerHTML = t, s;
  }
}
function M(i, t, e = i, s) {
  if (t === N) return t;
  let a = s !== void 0 ? e._$Co?.[s] : e._$Cl;
  const n = L(t) ? void 0 : t._$litDirective$;
  return a?.constructor !== n && (a?._$AO?.(!1), n === void 0 ? a = void 0 : (a = new n(i), a._$AT(i, e, s)), s !== void 0 ? (e._$Co ??= [])[s] = a : e._$Cl = a), a !== void 0 && (t = M(i, a._$AS(i, t.values), a, s)), t;
}
class De {
  constructor(t, e) {
    this._$AV = [], this._$AN = void 0, this._$AD = t, this._$AM = e;
  }
  get parentNode() {
    return this._$AM.parentNode;
  }
  get _$AU() {
    return this._$AM._$AU;
  }
  u(t) {
    const { el: { content: e }, parts: s } = this._$AD, a = (t?.creationScope ?? E).importNode(e, !0);
    A.currentNode = a;
    let n = A.nextNode(), r = 0, o = 0, d = s[0];
    for (; d !== void 0; ) {
      if (r === d.index) {
        let c;
        d.type === 2 ? c = new j(n, n.nextSibling, this, t) : d.type === 1 ? c = new d.ctor(n, d.name, d.strings, this, t) : d.type === 6 && (c = new ze(n, this, t)), this._$AV.push(c), d = s[++o];
      }
      r !== d?.index && (n = A.nextNode(), r++);
    }
    return A.currentNode = E, a;
  }
  p(t) {
    let e = 0;
    for (const s of this._$AV) s !== void 0 && (s.strings !== void 0 ? (s._$AI(t, s, e), e += s.strings.length - 2) : s._$AI(t[e])), e++;
  }
}
class j {
  get _$AU() {
    return this._$AM?._$AU ?? this._$Cv;
  }
  constructor(t, e, s, a) {
    this.type = 2, this._$AH = h, this._$AN = void 0, this._$AA = t, this._$AB = e, this._$AM = s, this.options = a, this._$Cv = a?.isConnected ?? !0;
  }
  get parentNode() {
    let t = this._$AA.parentNode;
    const e = this._$AM;
    return e !== void 0 && t?.nodeType === 11 && (t = e.parentNode), t;
  }
  get startNode() {
    return this._$AA;
  }
  get endNode() {
    return this._$AB;
  }
  _$AI(t, e = this) {
    t = M(this, t, e), L(t) ? t === h || t == null || t === "" ? (this._$AH !== h && this._$AR(), this._$AH = h) : t !== this._$AH && t !== N && this._(t) : t._$litType$ !== void 0 ? this.$(t) : t.nodeType !== void 0 ? this.T(t) : Ne(t) ? this.k(t) : this._(t);
  }
  O(t) {
    return this._$AA.parentNode.insertBefore(t, this._$AB);
  }
  T(t) {
    this._$AH !== t && (this._$AR(), this._$AH = this.O(t));
  }
  _(t) {
    this._$AH !== h && L(this._$AH) ? this._$AA.nextSibling.data = t : this.T(E.createTextNode(t)), this._$AH = t;
  }
  $(t) {
    const { values: e, _$litType$: s } = t, a = typeof s == "number" ? this._$AC(t) : (s.el === void 0 && (s.el = W.createElement(de(s.h, s.h[0]), this.options)), s);
    if (this._$AH?._$AD === a) this._$AH.p(e);
    else {
      const n = new De(a, this), r = n.u(this.options);
      n.p(e), this.T(r), this._$AH = n;
    }
  }
  _$AC(t) {
    let e = Vt.get(t.strings);
    return e === void 0 && Vt.set(t.strings, e = new W(t)), e;
  }
  k(t) {
    Ut(this._$AH) || (this._$AH = [], this._$AR());
    const e = this._$AH;
    let s, a = 0;
    for (const n of t) a === e.length ? e.push(s = new j(this.O(H()), this.O(H()), this, this.options)) : s = e[a], s._$AI(n), a++;
    a < e.length && (this._$AR(s && s._$AB.nextSibling, a), e.length = a);
  }
  _$AR(t = this._$AA.nextSibling, e) {
    for (this._$AP?.(!1, !0, e); t !== this._$AB; ) {
      const s = Bt(t).nextSibling;
      Bt(t).remove(), t = s;
    }
  }
  setConnected(t) {
    this._$AM === void 0 && (this._$Cv = t, this._$AP?.(t));
  }
}
class dt {
  get tagName() {
    return this.element.tagName;
  }
  get _$AU() {
    return this._$AM._$AU;
  }
  constructor(t, e, s, a, n) {
    this.type = 1, this._$AH = h, this._$AN = void 0, this.element = t, this.name = e, this._$AM = a, this.options = n, s.length > 2 || s[0] !== "" || s[1] !== "" ? (this._$AH = Array(s.length - 1).fill(new String()), this.strings = s) : this._$AH = h;
  }
  _$AI(t, e = this, s, a) {
    const n = this.strings;
    let r = !1;
    if (n === void 0) t = M(this, t, e, 0), r = !L(t) || t !== this._$AH && t !== N, r && (this._$AH = t);
    else {
      const o = t;
      let d, c;
      for (t = n[0], d = 0; d < n.length - 1; d++) c = M(this, o[s + d], e, d), c === N && (c = this._$AH[d]), r ||= !L(c) || c !== this._$AH[d], c === h ? t = h : t !== h && (t += (c ?? "") + n[d + 1]), this._$AH[d] = c;
    }
    r && !a && this.j(t);
  }
  j(t) {
    t === h ? this.element.removeAttribute(this.name) : this.element.setAttribute(this.name, t ?? "");
  }
}
class Pe extends dt {
  constructor() {
    super(...arguments), this.type = 3;
  }
  j(t) {
    this.element[this.name] = t === h ? void 0 : t;
  }
}
class Re extends dt {
  constructor() {
    super(...arguments), this.type = 4;
  }
  j(t) {
    this.element.toggleAttribute(this.name, !!t && t !== h);
  }
}
class Ue extends dt {
  constructor(t, e, s, a, n) {
    super(t, e, s, a, n), this.type = 5;
  }
  _$AI(t, e = this) {
    if ((t = M(this, t, e, 0) ?? h) === N) return;
    const s = this._$AH, a = t === h && s !== h || t.capture !== s.capture || t.once !== s.once || t.passive !== s.passive, n = t !== h && (s === h || a);
    a && this.element.removeEventListener(this.name, this, s), n && this.element.addEventListener(this.name, this, t), this._$AH = t;
  }
  handleEvent(t) {
    typeof this._$AH == "function" ? this._$AH.call(this.options?.host ?? this.element, t) : this._$AH.handleEvent(t);
  }
}
class ze {
  constructor(t, e, s) {
    this.element = t, this.type = 6, this._$AN = void 0, this._$AM = e, this.options = s;
  }
  get _$AU() {
    return this._$AM._$AU;
  }
  _$AI(t) {
    M(this, t);
  }
}
const He = Rt.litHtmlPolyfillSupport;
He?.(W, j), (Rt.litHtmlVersions ??= []).push("3.3.3");
const Le = (i, t, e) => {
  const s = e?.renderBefore ?? t;
  let a = s._$litPart$;
  if (a === void 0) {
    const n = e?.renderBefore ?? null;
    s._$litPart$ = a = new j(t.insertBefore(H(), n), n, void 0, e ?? {});
  }
  return a._$AI(i), a;
};
const zt = globalThis;
class O extends I {
  constructor() {
    super(...arguments), this.renderOptions = { host: this }, this._$Do = void 0;
  }
  createRenderRoot() {
    const t = super.createRenderRoot();
    return this.renderOptions.renderBefore ??= t.firstChild, t;
  }
  update(t) {
    const e = this.render();
    this.hasUpdated || (this.renderOptions.isConnected = this.isConnected), super.update(t), this._$Do = Le(e, this.renderRoot, this.renderOptions);
  }
  connectedCallback() {
    super.connectedCallback(), this._$Do?.setConnected(!0);
  }
  disconnectedCallback() {
    super.disconnectedCallback(), this._$Do?.setConnected(!1);
  }
  render() {
    return N;
  }
}
O._$litElement$ = !0, O.finalized = !0, zt.litElementHydrateSupport?.({ LitElement: O });
const We = zt.litElementPolyfillSupport;
We?.({ LitElement: O });
(zt.litElementVersions ??= []).push("4.2.2");
const ht = "voltwise";
async function X(i, t, e) {
  return (await i.callWS({
    type: "call_service",
    domain: ht,
    service: t,
    service_data: e,
    return_response: !0
  })).response;
}
async function ut(i, t, e, s = ht) {
  await i.callWS({ type: "call_service", domain: s, service: t, service_data: e });
}
function B(i) {
  if (i && typeof i == "object") {
    const t = i.message;
    if (typeof t == "string" && t) return t;
    const e = i.code;
    if (typeof e == "string" && e) return e;
  }
  return typeof i == "string" && i ? i : "Something went wrong";
}
const je = T`
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
`, Be = T`
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
`, st = class st extends O {
  constructor() {
    super(...arguments), this.loading = !1, this.reloadAgain = !1;
  }
  /** Lovelace calls this with the card's YAML; a wrong config shows Lovelace's error card. */
  setConfig(t) {
    if (!t || typeof t != "object") throw new Error("Invalid configuration");
    this.validate(t), this.config = { ...t }, this.lastFingerprint = void 0;
  }
  validate(t) {
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
    const t = this.refreshSeconds();
    t > 0 && (this.reloadTimer = setInterval(() => {
      this.reload();
    }, t * 1e3));
  }
  disconnectedCallback() {
    super.disconnectedCallback(), this.reloadTimer && clearInterval(this.reloadTimer), this.reloadTimer = void 0;
  }
  willUpdate(t) {
    if (!this.hass || !this.config || !t.has("hass") && !t.has("config")) return;
    const e = this.fingerprint();
    e !== void 0 && e !== this.lastFingerprint && (this.lastFingerprint = e, this.reload());
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
          } catch (t) {
            this.loadError = B(t);
          }
        } while (this.reloadAgain);
      } finally {
        this.loading = !1, this.requestUpdate();
      }
    }
  }
  notice(t) {
    return l`<ha-card><div class="notice">${t}</div></ha-card>`;
  }
};
st.styles = je, st.properties = {
  hass: { attribute: !1 },
  config: { state: !0 },
  loadError: { state: !0 }
};
let g = st;
const it = class it extends O {
  setConfig(t) {
    this.config = { ...t };
  }
  /** Change one option (undefined or "" removes it) and tell Lovelace. */
  set(t, e) {
    if (!this.config) return;
    const s = { ...this.config };
    e === void 0 || e === "" ? delete s[t] : s[t] = e, this.config = s, this.dispatchEvent(
      new CustomEvent("config-changed", { detail: { config: this.config }, bubbles: !0, composed: !0 })
    );
  }
  select(t, e, s, a) {
    const n = String(this.config?.[t] ?? "");
    return l`<label>
      ${e}
      <select
        name=${t}
        @change=${(r) => this.set(t, r.target.value)}
      >
        ${a !== void 0 ? l`<option value="" ?selected=${n === ""}>${a}</option>` : h}
        ${s.map(
      (r) => l`<option value=${r.value} ?selected=${r.value === n}>${r.label}</option>`
    )}
      </select>
    </label>`;
  }
  text(t, e) {
    return l`<label>
      ${e}
      <input
        name=${t}
        .value=${String(this.config?.[t] ?? "")}
        @change=${(s) => this.set(t, s.target.value.trim())}
      />
    </label>`;
  }
};
it.styles = Be, it.properties = {
  hass: { attribute: !1 },
  config: { state: !0 }
};
let C = it;
const At = {
  home: { domain: "sensor", key: "tariff_rate" },
  appliance: { domain: "sensor", key: "status" },
  plant: { domain: "sensor", key: "active_schedule" }
};
function he(i) {
  return i.split(".", 1)[0];
}
function ue(i) {
  return Object.values(i.entities ?? {}).filter((t) => t.platform === ht);
}
function pe(i) {
  return i?.name_by_user || i?.name || "";
}
function ve(i) {
  return i?.primary_config_entry ?? i?.config_entries?.[0] ?? "";
}
function Fe(i, t) {
  return i.devices?.[t.deviceId]?.config_entries_subentries?.[t.entryId]?.find((s) => typeof s == "string") ?? void 0;
}
function $(i, t, e, s) {
  if (t)
    return ue(i).find(
      (a) => a.device_id === t && he(a.entity_id) === e && (a.translation_key ?? void 0) === s
    )?.entity_id;
}
function Ge(i, t) {
  if (!t) return;
  const e = i.devices?.[t];
  if (e)
    for (const s of Object.keys(At)) {
      const a = At[s];
      if ($(i, t, a.domain, a.key))
        return { kind: s, deviceId: t, entryId: ve(e), name: pe(e) };
    }
}
function f(i, t, e) {
  const s = At[t], a = /* @__PURE__ */ new Set(), n = [];
  for (const r of ue(i)) {
    if (!r.device_id || a.has(r.device_id) || he(r.entity_id) !== s.domain || r.translation_key !== s.key) continue;
    a.add(r.device_id);
    const o = i.devices?.[r.device_id];
    if (!o) continue;
    const d = { kind: t, deviceId: r.device_id, entryId: ve(o), name: pe(o) };
    (!e || d.entryId === e) && n.push(d);
  }
  return n.sort((r, o) => r.name.localeCompare(o.name));
}
function F(i, t) {
  const e = f(i, "home");
  return e.find((s) => s.deviceId === t) ?? (t ? void 0 : e[0]);
}
function D(i, t) {
  const e = i.entities?.[t];
  if (!(!e || e.platform !== ht))
    return Ge(i, e.device_id);
}
function pt(i, t) {
  return $(i, t, "switch", void 0);
}
const V = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
function vt(i) {
  return i?.locale?.language || i?.language || "en";
}
const ge = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/;
function fe(i) {
  const t = ge.exec(i);
  return t ? `${t[4]}:${t[5]}` : i;
}
function me(i) {
  return i.slice(0, 10);
}
function Zt(i) {
  const t = ge.exec(i);
  return t ? Number(t[4]) * 60 + Number(t[5]) : 0;
}
function ye(i, t) {
  const [e, s, a] = t.split("-").map(Number), n = new Date(Date.UTC(e, s - 1, a, 12));
  return new Intl.DateTimeFormat(vt(i), { weekday: "short", timeZone: "UTC" }).format(n);
}
function Et(i, t, e) {
  const s = fe(t), a = me(t);
  return e && a === e ? s : `${ye(i, a)} ${s}`;
}
function _(i, t, e) {
  const s = typeof t == "string" ? new Date(t) : t;
  if (Number.isNaN(s.getTime())) return String(t);
  try {
    return new Intl.DateTimeFormat(vt(i), {
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
      timeZone: e || i?.config?.time_zone
    }).format(s);
  } catch {
    return s.toISOString();
  }
}
function Q(i, t, e) {
  const s = e || i?.config?.currency;
  if (!s) return m(i, t, 2);
  try {
    return new Intl.NumberFormat(vt(i), {
      style: "currency",
      currency: s,
      maximumFractionDigits: 2
    }).format(t);
  } catch {
    return `${m(i, t, 2)} ${s}`;
  }
}
function m(i, t, e = 0) {
  return new Intl.NumberFormat(vt(i), { maximumFractionDigits: e }).format(t);
}
function qe(i, t) {
  return `${m(i, t)} W`;
}
function G(i, t, e = "full") {
  if (!t) return "";
  const s = i.states?.[t];
  if (!s) return t;
  if (typeof i.formatEntityName == "function")
    try {
      const n = e === "entity" ? [{ type: "entity" }] : [{ type: "device" }, { type: "entity" }], r = i.formatEntityName(s, n, { separator: " " });
      if (r) return r;
    } catch {
    }
  const a = s.attributes.friendly_name;
  if (typeof a != "string" || !a) return t;
  if (e === "entity") {
    const n = i.entities?.[t], r = n?.has_entity_name && n.device_id ? i.devices?.[n.device_id] : void 0, o = r ? r.name_by_user || r.name : void 0;
    if (o && a.startsWith(`${o} `)) return a.slice(o.length + 1);
  }
  return a;
}
function w(i) {
  return i === void 0 || i === "unknown" || i === "unavailable";
}
function Ct(i) {
  const t = Math.floor(i / 60), e = i % 60;
  return `${String(t).padStart(2, "0")}:${String(e).padStart(2, "0")}`;
}
function tt(i) {
  const t = /^(\d{1,2}):(\d{2})$/.exec(i.trim());
  if (!t) return;
  const e = Number(t[1]) * 60 + Number(t[2]);
  return e <= 1440 && Number(t[2]) < 60 ? e : void 0;
}
const ft = [
  {
    value: "balanced",
    label: "Balanced",
    description: "AI delays or limits power only if both Tariff and Carbon Intensity are exceptionally high"
  },
  {
    value: "max_savings",
    label: "Max Savings",
    description: "AI aggressively shifts loads to cheapest hours. Comfort may be impacted."
  },
  {
    value: "eco_mode",
    label: "Eco Mode",
    description: "AI prioritizes lowest carbon intensity hours. May run during slightly costlier slots."
  },
  {
    value: "custom",
    label: "Custom",
    description: "Your own weight of cost against carbon (the home's Custom cost weight)."
  }
], Jt = {
  turn_off: "Turn Off",
  eco_mode: "Switch to Eco Mode",
  delay_start: "Delay Start until Off-Peak",
  limit_power: "Limit Power %"
}, Ke = {
  off: "Off",
  watching: "Watching",
  acting: "Acting",
  grid_protection: "Grid protection"
}, Xt = {
  high_penalty: "high penalty",
  peak: "peak tariff",
  grid_warning: "grid warning",
  grid_critical: "critical grid event",
  smart_start: "waiting for a better start",
  override: "overridden",
  protected: "protected window",
  paused: "paused"
};
function mt(i, t) {
  return i.appliance_id && t.applianceId ? i.appliance_id === t.applianceId : i.appliance === t.device.name;
}
function yt(i) {
  return Array.isArray(i) ? i : [];
}
function Qt(i) {
  return i && /^\d{2}:\d{2}/.test(i) ? i.slice(0, 5) : "";
}
const at = class at extends g {
  static getConfigElement() {
    return document.createElement("voltwise-autopilot-card-editor");
  }
  static getStubConfig(t) {
    const e = f(t, "home")[0];
    return { type: "custom:voltwise-autopilot-card", ...e ? { home: e.deviceId } : {} };
  }
  getCardSize() {
    return 6;
  }
  get home() {
    return this.hass && this.config ? F(this.hass, this.config.home) : void 0;
  }
  homeEntity(t, e) {
    return this.hass ? $(this.hass, this.home?.deviceId, t, e) : void 0;
  }
  /** Shiftable appliances of the home: those with a "Delegated to autopilot" switch. */
  appliances() {
    const t = this.hass, e = this.home;
    return !t || !e ? [] : f(t, "appliance", e.entryId).map((s) => ({
      device: s,
      applianceId: Fe(t, s),
      switchEntity: pt(t, s.deviceId),
      delegated: $(t, s.deviceId, "switch", "autopilot_delegated"),
      action: $(t, s.deviceId, "select", "preferred_action"),
      window: $(t, s.deviceId, "switch", "protected_window"),
      windowStart: $(t, s.deviceId, "time", "protected_window_start"),
      windowEnd: $(t, s.deviceId, "time", "protected_window_end"),
      status: $(t, s.deviceId, "sensor", "status")
    })).filter((s) => s.delegated !== void 0);
  }
  state(t) {
    return t ? this.hass?.states[t]?.state : void 0;
  }
  async act(t, e, s) {
    if (this.hass)
      try {
        await ut(this.hass, e, s, t), this.actionError = void 0;
      } catch (a) {
        this.actionError = B(a);
      }
  }
  toggle(t, e) {
    return t ? this.act("switch", e ? "turn_on" : "turn_off", { entity_id: t }) : Promise.resolve();
  }
  setStrategy(t) {
    const e = this.homeEntity("select", "strategy");
    return !e || this.state(e) === t ? Promise.resolve() : this.act("select", "select_option", { entity_id: e, option: t });
  }
  setTime(t, e) {
    return !t || !/^\d{2}:\d{2}$/.test(e) ? Promise.resolve() : this.act("time", "set_value", { entity_id: t, time: `${e}:00` });
  }
  resume(t) {
    const e = t.switchEntity ?? t.delegated;
    return e ? this.act("voltwise", "resume_autopilot", { appliance: e }) : Promise.resolve();
  }
  onStrategyKey(t, e) {
    const s = e.indexOf(this.state(this.homeEntity("select", "strategy")) ?? ""), a = t.key === "ArrowRight" || t.key === "ArrowDown" ? 1 : t.key === "ArrowLeft" || t.key === "ArrowUp" ? -1 : 0;
    if (!a) return;
    t.preventDefault();
    const n = e[(s + a + e.length) % e.length];
    this.setStrategy(n).then(() => {
      this.shadowRoot?.querySelectorAll(".pills button")?.[e.indexOf(n)]?.focus();
    });
  }
  gridSection() {
    const t = this.hass, e = this.homeEntity("switch", "grid_protection"), s = this.homeEntity("sensor", "grid_status"), a = this.state(e) === "on", n = yt(s ? t.states[s]?.attributes.events : void 0);
    return l`<section class="grid-protection">
      <div class="toggle-row">
        <div>
          <h3>Grid Protection</h3>
          <div class="muted">Overrides all rules during DISCOM peak alerts to prevent neighborhood blackouts</div>
        </div>
        ${e ? l`<input
              type="checkbox"
              role="switch"
              class="grid-toggle"
              aria-label="Grid protection"
              .checked=${a}
              @change=${(r) => this.toggle(e, r.target.checked)}
            />` : h}
      </div>
      ${n.map(
      (r) => l`<div class="alert ${r.severity}" role="alert">
          <strong>${r.severity.toUpperCase()}</strong> ${r.type.replaceAll("_", " ")}${r.message ? l`: ${r.message}` : h}
          <div class="muted">
            since ${_(t, r.start)}${r.end ? l` · until ${_(t, r.end)}` : h}
            ${a ? h : l` · grid protection is off`}
          </div>
        </div>`
    )}
    </section>`;
  }
  strategySection() {
    const t = this.homeEntity("select", "strategy");
    if (!t) return h;
    const e = this.state(t) ?? "", s = this.hass.states[t]?.attributes.options ?? ft.map((o) => o.value), a = ft.filter((o) => s.includes(o.value)), n = a.map((o) => o.value), r = ft.find((o) => o.value === e);
    return l`<section>
      <h3>Daily Strategy</h3>
      <div class="pills" role="radiogroup" aria-label="Daily strategy">
        ${a.map(
      (o) => l`<button
            role="radio"
            data-strategy=${o.value}
            aria-checked=${o.value === e ? "true" : "false"}
            tabindex=${o.value === e || !r && o === a[0] ? "0" : "-1"}
            title=${o.description}
            @click=${() => this.setStrategy(o.value)}
            @keydown=${(d) => this.onStrategyKey(d, n)}
          >
            ${o.label}
          </button>`
    )}
      </div>
      ${r ? l`<div class="description muted">${r.description}</div>` : h}
    </section>`;
  }
  /** What the autopilot does to an appliance now, from the autopilot sensor's attributes. */
  nowFor(t, e, s) {
    const a = this.hass, n = e.find((o) => mt(o, t));
    if (n) {
      const o = Jt[n.action ?? ""] ?? n.action ?? "held", d = n.resume_at ?? n.until;
      return l`<span class="now">${o} (${Xt[n.reason] ?? n.reason})${d ? l` until ${_(a, d)}` : h}</span>`;
    }
    const r = s.find((o) => mt(o, t));
    return r ? l`<span class="now">Left alone: ${Xt[r.reason] ?? r.reason}${r.until ? l` until ${_(a, r.until)}` : h}</span>` : l`<span class="now">No action now</span>`;
  }
  applianceRow(t, e, s) {
    const a = this.hass, n = t.device.name, r = this.state(t.delegated) === "on", o = t.status ? a.states[t.status] : void 0, d = o?.state === "override" || s.some((v) => mt(v, t) && v.reason === "override"), c = o?.attributes.override_until, u = t.action ? a.states[t.action] : void 0, p = u?.attributes.options ?? [], y = this.state(t.window) === "on";
    return l`<div class="appliance" data-appliance=${t.device.deviceId}>
      <div class="toggle-row">
        <div>
          <span class="name">${n}</span>
          ${d ? l` <span class="badge override">OVERRIDE</span>` : h}
          <div class="muted">${r ? this.nowFor(t, e, s) : l`<span class="now">Not delegated</span>`}</div>
        </div>
        <label class="switch">
          <span class="muted">Delegated</span>
          <input
            type="checkbox"
            role="switch"
            class="delegated"
            aria-label="${n}: delegated to autopilot"
            .checked=${r}
            @change=${(v) => this.toggle(t.delegated, v.target.checked)}
          />
        </label>
      </div>
      ${d ? l`<div class="row override-row">
            <span class="muted">AI temporarily paused${c ? l` until ${_(a, c)}` : h}</span>
            <button class="resume" @click=${() => this.resume(t)}>Resume</button>
          </div>` : h}
      ${r ? l`<div class="controls">
            ${t.action ? l`<label class="field">
                  Preferred AI action
                  <select
                    class="action"
                    data-value=${u?.state ?? ""}
                    aria-label="${n}: preferred AI action"
                    @change=${(v) => this.act("select", "select_option", { entity_id: t.action, option: v.target.value })}
                  >
                    ${p.map(
      (v) => l`<option value=${v} ?selected=${v === u?.state}>${Jt[v] ?? v}</option>`
    )}
                  </select>
                </label>` : h}
            ${t.window ? l`<label class="switch">
                    <input
                      type="checkbox"
                      class="window"
                      aria-label="${n}: protected window"
                      .checked=${y}
                      @change=${(v) => this.toggle(t.window, v.target.checked)}
                    />
                    <span>Do not touch between</span>
                  </label>
                  <input
                    type="time"
                    class="window-start"
                    aria-label="${n}: protected window start"
                    .value=${Qt(this.state(t.windowStart))}
                    @change=${(v) => this.setTime(t.windowStart, v.target.value)}
                  />
                  <span>and</span>
                  <input
                    type="time"
                    class="window-end"
                    aria-label="${n}: protected window end"
                    .value=${Qt(this.state(t.windowEnd))}
                    @change=${(v) => this.setTime(t.windowEnd, v.target.value)}
                  />` : h}
          </div>` : h}
    </div>`;
  }
  /** A select shows its entity's option even when the options were rendered after its value. */
  updated() {
    this.shadowRoot?.querySelectorAll("select[data-value]").forEach((t) => {
      t.value !== t.dataset.value && (t.value = t.dataset.value ?? "");
    });
  }
  render() {
    if (!this.hass || !this.config) return h;
    const t = this.home;
    if (!t) return this.notice("No VoltWise home found. Add one under Settings > Devices & services.");
    const e = this.hass, s = this.config.title ?? `${t.name}: autopilot`, a = this.homeEntity("switch", "autopilot"), n = this.homeEntity("sensor", "autopilot_status");
    if (!a && !n)
      return this.notice(`${t.name} has no autopilot entities (this VoltWise is older than the autopilot).`);
    const r = n ? e.states[n] : void 0, o = yt(r?.attributes.held), d = yt(r?.attributes.left_alone), c = r?.attributes.next_check, u = this.appliances();
    return l`<ha-card>
      <div class="header">
        <div class="title">${s}</div>
        <label class="switch">
          <span class="status badge">${w(r?.state) ? "Unknown" : Ke[r.state] ?? r.state}</span>
          ${a ? l`<input
                type="checkbox"
                role="switch"
                class="autopilot-toggle"
                aria-label=${G(e, a)}
                .checked=${this.state(a) === "on"}
                @change=${(p) => this.toggle(a, p.target.checked)}
              />` : h}
        </label>
      </div>
      ${c ? l`<div class="muted next-check">Next check ${_(e, c)}</div>` : h}
      ${this.gridSection()} ${this.strategySection()}
      <section>
        <h3>Delegated Devices</h3>
        ${u.length === 0 ? l`<div class="muted">No shiftable appliances yet.</div>` : u.map((p) => this.applianceRow(p, o, d))}
      </section>
      ${this.actionError ? l`<div class="error" role="alert">${this.actionError}</div>` : h}
    </ha-card>`;
  }
};
at.styles = [
  g.styles,
  T`
      section {
        margin-top: 16px;
      }
      h3 {
        margin: 0 0 8px;
        font-size: var(--ha-font-size-m, 15px);
        font-weight: var(--ha-font-weight-medium, 500);
      }
      .grid-protection {
        border-left: 4px solid var(--vw-peak);
        padding: 8px 12px;
        border-radius: 8px;
        background: rgba(219, 68, 55, 0.06);
      }
      .toggle-row {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 12px;
      }
      .alert {
        margin-top: 8px;
        padding: 8px 12px;
        border-radius: 8px;
        background: rgba(219, 68, 55, 0.15);
      }
      .alert.warning {
        background: rgba(255, 166, 0, 0.18);
      }
      .alert.info {
        background: rgba(127, 127, 127, 0.12);
      }
      .pills {
        display: flex;
        flex-wrap: wrap;
        gap: 6px;
      }
      .pills button[aria-checked="true"] {
        background: var(--vw-accent);
        border-color: var(--vw-accent);
        color: var(--text-primary-color, #fff);
      }
      .description {
        margin-top: 8px;
      }
      .appliance {
        border: 1px solid var(--vw-line);
        border-radius: 10px;
        padding: 10px 12px;
        margin-bottom: 8px;
      }
      .appliance .name {
        font-weight: var(--ha-font-weight-medium, 500);
      }
      .appliance .controls {
        display: flex;
        flex-wrap: wrap;
        gap: 12px;
        margin-top: 8px;
        align-items: flex-end;
      }
      input[type="checkbox"] {
        min-height: auto;
        width: 20px;
        height: 20px;
      }
      .switch {
        display: inline-flex;
        align-items: center;
        gap: 6px;
        cursor: pointer;
      }
    `
], at.properties = {
  ...g.properties,
  actionError: { state: !0 }
};
let Tt = at;
class Ye extends C {
  render() {
    if (!this.hass || !this.config) return h;
    const t = f(this.hass, "home").map((e) => ({ value: e.deviceId, label: e.name }));
    return l`<div class="editor">${this.select("home", "Home", t)} ${this.text("title", "Title (optional)")}</div>`;
  }
}
function Ve(i, t) {
  const e = D(i, t);
  if (e?.kind !== "home") return null;
  const a = i.entities?.[t]?.translation_key ?? "";
  return ["autopilot", "grid_protection", "autopilot_status", "grid_status", "strategy"].includes(a) ? { config: { type: "custom:voltwise-autopilot-card", home: e.deviceId } } : null;
}
const Ze = [
  { key: "efficiency_today", label: "Today" },
  { key: "efficiency_yesterday", label: "Yesterday" },
  { key: "efficiency_week", label: "This week" },
  { key: "efficiency_month", label: "This month" }
], Je = [
  { key: "bill_so_far", label: "Bill so far" },
  { key: "projected_bill", label: "Projected bill" }
], $t = 36e5;
function Xe(i) {
  const t = /* @__PURE__ */ new Map();
  for (const e of i ?? []) {
    const s = typeof e.start == "number" ? e.start : Date.parse(e.start);
    Number.isFinite(s) && typeof e.change == "number" && t.set(s, e.change);
  }
  return t;
}
const nt = class nt extends g {
  constructor() {
    super(...arguments), this.actual = /* @__PURE__ */ new Map();
  }
  static getConfigElement() {
    return document.createElement("voltwise-insight-card-editor");
  }
  static getStubConfig(t) {
    const e = f(t, "home")[0];
    return { type: "custom:voltwise-insight-card", ...e ? { home: e.deviceId } : {} };
  }
  getCardSize() {
    return 6;
  }
  get home() {
    return this.hass && this.config ? F(this.hass, this.config.home) : void 0;
  }
  entity(t, e) {
    return this.hass ? $(this.hass, this.home?.deviceId, t, e) : void 0;
  }
  /** The sensor whose hourly statistics are the home's actual use. */
  actualEntity() {
    return this.config?.actual || this.entity("sensor", "simulated_energy");
  }
  forecast() {
    const t = this.entity("sensor", "forecast_today"), e = t ? this.hass?.states[t]?.attributes.forecast : void 0;
    return Array.isArray(e) ? e : [];
  }
  refreshSeconds() {
    return 900;
  }
  fingerprint() {
    if (!this.home || !this.hass) return;
    const t = this.entity("sensor", "forecast_today");
    return [this.home.entryId, this.actualEntity(), t ? this.hass.states[t]?.last_updated : ""].join("|");
  }
  async load() {
    const t = this.hass, e = this.actualEntity(), s = this.forecast();
    if (!t || !e || s.length === 0) {
      this.actual = /* @__PURE__ */ new Map();
      return;
    }
    const a = new Date(s[0].start), n = new Date(a.getTime() + s.length * $t), r = await t.callWS({
      type: "recorder/statistics_during_period",
      start_time: a.toISOString(),
      end_time: n.toISOString(),
      statistic_ids: [e],
      period: "hour",
      types: ["change"]
    });
    this.actual = Xe(r?.[e]);
  }
  async acknowledge(t) {
    if (!(!this.hass || !this.home))
      try {
        await ut(this.hass, "acknowledge_anomaly", {
          config_entry_id: this.home.entryId,
          ...t ? { anomaly_id: t } : {}
        }), this.actionError = void 0;
      } catch (e) {
        this.actionError = B(e);
      }
  }
  chart(t) {
    const e = t.length, s = t.map((u) => this.actual.get(Date.parse(u.start))), a = Math.max(0.1, ...t.map((u) => u.upper ?? u.expected), ...s.map((u) => u ?? 0)) * 1.1, n = (u) => 100 - u / a * 100, r = t.map((u, p) => `${p + 0.5},${n(u.upper ?? u.expected)}`), o = t.map((u, p) => `${p + 0.5},${n(u.lower ?? u.expected)}`).reverse(), d = t.map((u, p) => `${p + 0.5},${n(u.expected)}`).join(" "), c = (u) => fe(new Date(Date.parse(t[0].start) + u * $t).toISOString());
    return l`<div class="chart">
        <svg class="forecast" viewBox="0 0 ${e} 100" preserveAspectRatio="none" role="img" aria-label="Forecast and actual use, hour by hour">
          ${St`<polygon class="interval" points=${[...r, ...o].join(" ")}></polygon>
          ${s.map(
      (u, p) => u === void 0 ? h : St`<rect class="actual ${t[p].upper !== null && u > (t[p].upper ?? 1 / 0) ? "outside" : ""}"
                  x=${p + 0.15} width="0.7" y=${n(u)} height=${100 - n(u)}><title>${m(this.hass, u, 2)} kWh</title></rect>`
    )}
          <polyline class="expected" points=${d} vector-effect="non-scaling-stroke"></polyline>`}
        </svg>
      </div>
      <div class="axis" aria-hidden="true">
        ${[0, Math.round(e / 4), Math.round(e / 2), Math.round(3 * e / 4), e].map(
      (u) => l`<span>${u >= e ? "" : this.localHour(t[0].start, u, c)}</span>`
    )}
      </div>
      <div class="legend" aria-hidden="true">
        <span><i style="background:var(--vw-accent)"></i>Forecast</span>
        <span><i style="background:var(--vw-accent);opacity:0.25"></i>80 % interval</span>
        <span><i style="background:var(--vw-normal)"></i>Actual</span>
        <span><i style="background:var(--vw-peak)"></i>Above the interval</span>
      </div>`;
  }
  /** The hour's local clock time (Home Assistant's zone). */
  localHour(t, e, s) {
    try {
      return new Intl.DateTimeFormat("en-GB", {
        hour: "2-digit",
        minute: "2-digit",
        hourCycle: "h23",
        timeZone: this.hass?.config?.time_zone
      }).format(new Date(Date.parse(t) + e * $t));
    } catch {
      return s(e);
    }
  }
  forecastSection() {
    const t = this.hass, e = this.entity("sensor", "forecast_today"), s = this.entity("sensor", "forecast_tomorrow"), a = e ? t.states[e] : void 0, n = this.forecast(), r = [...this.actual.values()].reduce((d, c) => d + c, 0);
    if (!a || w(a.state) || n.length === 0) {
      const d = a?.attributes.reason, c = a?.attributes.history_hours;
      return l`<section>
        <h3>Forecast vs actual</h3>
        <div class="muted forecast-missing">
          ${d === "not_enough_history" ? `The forecast starts after a week of history (${c ?? 0} h so far).` : d === "recorder_not_loaded" ? "The forecast needs the recorder." : "No forecast yet."}
        </div>
      </section>`;
    }
    const o = s ? t.states[s]?.state : void 0;
    return l`<section>
      <h3>Forecast vs actual today</h3>
      <div class="grid">
        <div class="stat"><div class="label">Forecast today</div><div class="value forecast-today">${m(t, Number(a.state), 1)} kWh</div></div>
        ${this.actual.size ? l`<div class="stat"><div class="label">Actual so far</div><div class="value actual-today">${m(t, r, 1)} kWh</div></div>` : h}
        ${o && !w(o) ? l`<div class="stat"><div class="label">Forecast tomorrow</div><div class="value forecast-tomorrow">${m(t, Number(o), 1)} kWh</div></div>` : h}
      </div>
      ${this.chart(n)}
    </section>`;
  }
  efficiencySection() {
    const t = this.hass, e = Ze.map((s) => ({ ...s, entity: this.entity("sensor", s.key) })).filter(
      (s) => s.entity && !w(t.states[s.entity]?.state)
    );
    return e.length === 0 ? h : l`<section>
      <h3>Efficiency</h3>
      <div class="grid">
        ${e.map((s) => {
      const a = t.states[s.entity], n = Number(a.state), r = a.attributes, o = r.saved_cost, d = r.own_rank;
      return l`<div class="stat efficiency" data-period=${s.key}>
            <div class="label">${s.label}</div>
            <div class="value ${n >= 0 ? "positive" : "negative"}">${r.summary ?? `${m(t, n, 1)} %`}</div>
            <div class="muted">
              ${typeof o == "number" && o !== 0 ? l`${o > 0 ? "saved" : "cost"} ${Q(t, Math.abs(o), r.currency)}` : h}
              ${typeof d == "number" ? l` · ${d}. of ${r.own_periods}` : h}
            </div>
          </div>`;
    })}
      </div>
    </section>`;
  }
  /** The bill, when the home has bill sensors (nothing otherwise). */
  billSection() {
    const t = this.hass, e = Je.map((s) => ({ ...s, entity: this.entity("sensor", s.key) })).filter(
      (s) => s.entity && t.states[s.entity]
    );
    return e.length === 0 ? h : l`<section class="bill">
      <h3>Bill</h3>
      <div class="grid">
        ${e.map((s) => {
      const a = t.states[s.entity], n = a.attributes.unit_of_measurement, r = Number(a.state);
      return l`<div class="stat">
            <div class="label">${s.label}</div>
            <div class="value">
              ${w(a.state) || Number.isNaN(r) ? "—" : Q(t, r, typeof n == "string" ? n : void 0)}
            </div>
          </div>`;
    })}
      </div>
    </section>`;
  }
  anomaliesSection() {
    const t = this.hass, e = this.entity("binary_sensor", "anomaly");
    if (!e) return h;
    const s = t.states[e]?.attributes.anomalies, a = Array.isArray(s) ? s : [];
    return l`<section>
      <div class="row" style="justify-content:space-between">
        <h3>Anomalies</h3>
        ${a.length > 1 ? l`<button class="acknowledge-all" @click=${() => this.acknowledge()}>Acknowledge all</button>` : h}
      </div>
      ${a.length === 0 ? l`<div class="muted no-anomalies">Nothing unusual.</div>` : a.map(
      (n) => l`<div class="anomaly ${n.severity}" data-anomaly=${n.id}>
              <div>
                <div>
                  <strong>${n.kind.replaceAll("_", " ")}</strong> · ${m(t, n.value, 2)} ${n.unit}
                  (expected ${m(t, n.expected, 2)}, ${n.deviation_pct > 0 ? "+" : ""}${m(t, n.deviation_pct)} %)
                </div>
                <div class="muted">${_(t, n.start)}${n.ongoing ? " · ongoing" : ""}</div>
              </div>
              <button class="acknowledge" aria-label="Acknowledge ${n.kind.replaceAll("_", " ")}" @click=${() => this.acknowledge(n.id)}>
                Acknowledge
              </button>
            </div>`
    )}
    </section>`;
  }
  render() {
    if (!this.hass || !this.config) return h;
    const t = this.home;
    if (!t) return this.notice("No VoltWise home found. Add one under Settings > Devices & services.");
    const e = this.config.title ?? `${t.name}: insight`;
    if (!this.entity("sensor", "forecast_today"))
      return this.notice(`${t.name} has no consumption source yet: choose one in the home's options (Configure > Consumption source).`);
    const s = this.actualEntity();
    return l`<ha-card>
      <div class="header">
        <div class="title">${e}</div>
        ${s ? l`<div class="subtitle">Actual: ${G(this.hass, s)}</div>` : h}
      </div>
      ${this.forecastSection()} ${this.efficiencySection()} ${this.billSection()} ${this.anomaliesSection()}
      ${this.loadError ? l`<div class="error">${this.loadError}</div>` : h}
      ${this.actionError ? l`<div class="error" role="alert">${this.actionError}</div>` : h}
    </ha-card>`;
  }
};
nt.styles = [
  g.styles,
  T`
      section {
        margin-top: 16px;
      }
      h3 {
        margin: 0 0 8px;
        font-size: var(--ha-font-size-m, 15px);
        font-weight: var(--ha-font-weight-medium, 500);
      }
      .chart {
        position: relative;
        height: 140px;
      }
      svg.forecast {
        width: 100%;
        height: 100%;
      }
      .interval {
        fill: var(--vw-accent);
        fill-opacity: 0.18;
      }
      .expected {
        fill: none;
        stroke: var(--vw-accent);
        stroke-width: 2;
      }
      .actual {
        fill: var(--vw-normal);
      }
      .actual.outside {
        fill: var(--vw-peak);
      }
      .axis {
        display: flex;
        justify-content: space-between;
        font-size: 11px;
        color: var(--vw-muted);
      }
      .legend {
        display: flex;
        gap: 10px;
        flex-wrap: wrap;
        font-size: 12px;
        color: var(--vw-muted);
        margin-top: 4px;
      }
      .legend i {
        display: inline-block;
        width: 10px;
        height: 10px;
        border-radius: 2px;
        margin-right: 4px;
        vertical-align: -1px;
      }
      .positive {
        color: var(--vw-off-peak);
      }
      .negative {
        color: var(--vw-peak);
      }
      .anomaly {
        display: flex;
        justify-content: space-between;
        align-items: center;
        gap: 8px;
        border-left: 4px solid var(--vw-normal);
        padding: 6px 10px;
        margin-bottom: 6px;
        border-radius: 6px;
        background: rgba(127, 127, 127, 0.08);
      }
      .anomaly.critical {
        border-left-color: var(--vw-peak);
      }
    `
], nt.properties = {
  ...g.properties,
  actual: { state: !0 },
  actionError: { state: !0 }
};
let It = nt;
class Qe extends C {
  render() {
    if (!this.hass || !this.config) return h;
    const t = f(this.hass, "home").map((s) => ({ value: s.deviceId, label: s.name })), e = Object.values(this.hass.states).filter((s) => s.entity_id.startsWith("sensor.") && s.attributes.device_class === "energy").filter((s) => s.attributes.state_class === "total_increasing" || s.attributes.state_class === "total").map((s) => ({ value: s.entity_id, label: G(this.hass, s.entity_id) })).sort((s, a) => s.label.localeCompare(a.label));
    return l`<div class="editor">
      ${this.select("home", "Home", t)}
      ${this.select("actual", "Actual use from (an energy meter)", e, "The home's simulated meter")}
      ${this.text("title", "Title (optional)")}
    </div>`;
  }
}
function ts(i, t) {
  const e = D(i, t);
  if (e?.kind !== "home") return null;
  const s = i.entities?.[t]?.translation_key ?? "";
  return !s.startsWith("forecast_") && !s.startsWith("efficiency_") && s !== "anomaly" && s !== "leaderboard" ? null : { config: { type: "custom:voltwise-insight-card", home: e.deviceId } };
}
const et = 15, k = 1440, te = 100;
function bt(i) {
  return i.collections.find((t) => t.id === i.active_collection);
}
function ee(i) {
  return {
    original: i.name,
    name: i.name,
    segments: i.segments.map((t) => ({
      start: tt(t.start) ?? 0,
      end: tt(t.end) ?? k,
      peak_shaving_w: t.peak_shaving_w,
      grid_charging_allowed: t.grid_charging_allowed
    }))
  };
}
function es(i) {
  return [...i.segments].sort((t, e) => t.start - e.start).map((t) => ({
    start: Ct(t.start),
    end: Ct(t.end),
    peak_shaving_w: t.peak_shaving_w,
    grid_charging_allowed: t.grid_charging_allowed
  }));
}
function ss(i, t) {
  const e = [...i.segments].sort((r, o) => r.start - o.start), s = e[e.length - 1];
  let a = s ? s.end : 0;
  a >= k && (a = 0);
  const n = Math.min(a + 60, k);
  return {
    ...i,
    segments: [...i.segments, { start: a, end: n, peak_shaving_w: t.peak_shaving_w, grid_charging_allowed: t.grid_charging_allowed }]
  };
}
function se(i, t, e) {
  const s = i.segments[t];
  if (!s) return i;
  const a = s.end - s.start, n = Math.min(Math.max(s.start + e, 0), k - a);
  return Z(i, t, { start: n, end: n + a });
}
function Z(i, t, e) {
  return { ...i, segments: i.segments.map((s, a) => a === t ? { ...s, ...e } : s) };
}
function is(i, t) {
  return { ...i, segments: i.segments.filter((e, s) => s !== t) };
}
function as(i, t) {
  return (i.week[t] ?? []).map((e) => ({ schedule: i.schedules.find((s) => s.id === e.schedule), priority: e.priority })).filter((e) => e.schedule !== void 0).sort((e, s) => s.priority - e.priority);
}
function ns() {
  return Array.from({ length: k / et + 1 }, (i, t) => t * et);
}
const wt = {
  mon: "Mon",
  tue: "Tue",
  wed: "Wed",
  thu: "Thu",
  fri: "Fri",
  sat: "Sat",
  sun: "Sun"
}, rs = {
  segment: "Schedule",
  defaults: "Defaults",
  override: "Override"
}, rt = class rt extends g {
  constructor() {
    super(...arguments), this.tab = "today", this.busy = !1, this.overrideMode = "until_next_boundary", this.overrideUntil = "", this.overrideWatts = "", this.overrideGrid = "", this.assignDays = /* @__PURE__ */ new Set(), this.assignPriority = "", this.setOverride = async () => {
      const t = { mode: this.overrideMode };
      this.overrideWatts !== "" && (t.peak_shaving_w = Number(this.overrideWatts)), this.overrideGrid !== "" && (t.grid_charging_allowed = this.overrideGrid === "on"), this.overrideMode === "until_time" && (t.until = this.overrideUntil), await this.act("set_override", t);
    };
  }
  static getConfigElement() {
    return document.createElement("voltwise-plant-card-editor");
  }
  static getStubConfig(t) {
    const e = f(t, "plant")[0];
    return { type: "custom:voltwise-plant-card", ...e ? { plant: e.deviceId } : {} };
  }
  setConfig(t) {
    super.setConfig(t), this.tab = t.view === "week" ? "week" : "today";
  }
  validate(t) {
    if (t.view !== void 0 && t.view !== "today" && t.view !== "week")
      throw new Error("view must be today or week");
  }
  getCardSize() {
    return 8;
  }
  get plant() {
    if (!this.hass || !this.config) return;
    const t = f(this.hass, "plant");
    return this.config.plant ? t.find((e) => e.deviceId === this.config.plant) : t[0];
  }
  entity(t, e) {
    return this.hass ? $(this.hass, this.plant?.deviceId, t, e) : void 0;
  }
  stateOf(t, e) {
    const s = this.entity(t, e);
    return s ? this.hass?.states[s]?.state : void 0;
  }
  refreshSeconds() {
    return 60;
  }
  fingerprint() {
    const t = this.plant;
    if (!t || !this.hass) return;
    const e = [
      ["sensor", "control_source"],
      ["sensor", "active_schedule"],
      ["sensor", "active_segment"],
      ["sensor", "next_change"],
      ["select", "active_collection"],
      ["binary_sensor", "override"]
    ].map(([s, a]) => {
      const n = this.entity(s, a);
      return n ? this.hass.states[n]?.last_updated : "";
    });
    return [t.deviceId, ...e].join("|");
  }
  async load() {
    const t = this.plant;
    !t || !this.hass || (this.data = await X(this.hass, "get_plant_plan", { plant: t.deviceId }));
  }
  /** Run a plant service; refresh the plan after it, or show its error inline. */
  async act(t, e) {
    const s = this.plant;
    if (!s || !this.hass) return !1;
    this.busy = !0, this.actionError = void 0;
    try {
      return await ut(this.hass, t, { plant: s.deviceId, ...e }), await this.reload(), !0;
    } catch (a) {
      return this.actionError = B(a), !1;
    } finally {
      this.busy = !1;
    }
  }
  // -- today ------------------------------------------------------------------------------------
  renderToday() {
    const t = this.hass, e = this.data?.now, s = this.stateOf("binary_sensor", "override") === "on" || e?.source === "override", a = this.stateOf("sensor", "desired_peak_shaving"), n = this.stateOf("sensor", "applied_peak_shaving"), r = this.stateOf("binary_sensor", "grid_charging"), o = this.stateOf("binary_sensor", "applied_grid_charging"), d = this.stateOf("sensor", "next_change"), c = this.stateOf("sensor", "last_apply_result"), u = (v) => w(v) ? "—" : qe(t, Number(v)), p = (v) => w(v) ? "—" : v === "on" ? "Allowed" : "Not allowed", y = this.stateOf("sensor", "control_source") ?? e?.source;
    return l`<section>
      <div class="grid today">
        <div class="stat">
          <div class="label">${G(t, this.entity("sensor", "active_schedule"), "entity") || "Active schedule"}</div>
          <div class="value schedule">${this.show(this.stateOf("sensor", "active_schedule"), "Defaults")}</div>
        </div>
        <div class="stat">
          <div class="label">Active segment</div>
          <div class="value segment">${this.show(this.stateOf("sensor", "active_segment"), "—")}</div>
        </div>
        <div class="stat">
          <div class="label">Control source</div>
          <div class="value source">
            ${rs[y ?? ""] ?? y ?? "—"}
            ${s ? l`<span class="badge override">OVERRIDE</span>` : h}
          </div>
        </div>
        <div class="stat compare">
          <div class="label">Peak-shaving limit</div>
          <div class="value limit">${u(a)}</div>
          <div class="applied limit-applied">applied: ${u(n)}</div>
        </div>
        <div class="stat compare">
          <div class="label">Grid charging</div>
          <div class="value grid-charging">${p(r)}</div>
          <div class="applied grid-applied">applied: ${p(o)}</div>
        </div>
        <div class="stat">
          <div class="label">Next change</div>
          <div class="value next-change">${w(d) ? "None" : _(t, d)}</div>
        </div>
        <div class="stat">
          <div class="label">Last apply</div>
          <div class="value last-apply">${this.show(c, "—")}</div>
        </div>
      </div>
    </section>
    <section>
      <h3>Override</h3>
      ${this.renderOverrideControls(s)}
    </section>`;
  }
  show(t, e) {
    return w(t) ? e : t;
  }
  renderOverrideControls(t) {
    const e = this.data?.plan.bounds ?? { min_w: 0, max_w: 1e4 };
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
            </label>` : h}
        <label class="field"
          >Limit (W)
          <input
            name="override-watts"
            type="number"
            inputmode="numeric"
            min=${e.min_w}
            max=${e.max_w}
            step=${te}
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
        ${t ? l`<button name="clear-override" ?disabled=${this.busy} @click=${() => this.act("clear_override", {})}>Resume plan</button>` : h}
        <button name="apply-now" ?disabled=${this.busy} @click=${() => this.act("apply_now", {})}>Apply now</button>
      </div>`;
  }
  // -- week -------------------------------------------------------------------------------------
  renderWeek(t) {
    return l`<section>
        <div class="week">
          ${V.map((e) => {
      const s = as(t, e);
      return l`<div class="day-label">${wt[e]}</div>
              <div class="layers" data-day=${e}>
                ${s.length === 0 ? l`<div class="empty-day">Defaults all day</div>` : h}
                ${s.map(
        (a) => l`<div class="layer">
                    <div class="bar" title=${a.schedule.name}>
                      ${a.schedule.segments.map((n) => {
          const r = tt(n.start) ?? 0, o = tt(n.end) ?? k;
          return l`<div
                          class="seg ${n.grid_charging_allowed ? "grid" : ""}"
                          style="left:${r / k * 100}%;width:${(o - r) / k * 100}%"
                          title="${n.start}-${n.end} ${n.peak_shaving_w} W"
                        ></div>`;
        })}
                    </div>
                    <div class="row">
                      <button class="chip" name="edit-layer" @click=${() => this.edit(a.schedule.name)}>
                        ${a.schedule.name} · ${a.priority}
                      </button>
                      <button
                        class="chip icon-button"
                        name="unassign"
                        aria-label="Take ${a.schedule.name} off ${wt[e]}"
                        ?disabled=${this.busy}
                        @click=${() => this.act("unassign_daily_schedule", { schedule: a.schedule.name, days: [e], collection: t.name })}
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
            <select name="schedule" @change=${(e) => this.edit(e.target.value)}>
              <option value="" ?selected=${this.editing === void 0}>Choose…</option>
              ${t.schedules.map(
      (e) => l`<option value=${e.name} ?selected=${this.editing === e.name}>${e.name}</option>`
    )}
              <option value="__new__" ?selected=${this.editing === ""}>New schedule…</option>
            </select>
          </label>
        </div>
        ${this.draft ? this.renderDraft(t, this.draft) : h}
      </section>`;
  }
  edit(t) {
    const e = this.data ? bt(this.data.plan) : void 0;
    if (!e) return;
    if (this.actionError = void 0, t === "__new__") {
      this.editing = "", this.draft = { name: "", segments: [] };
      return;
    }
    const s = e.schedules.find((a) => a.name === t);
    this.editing = s?.name, this.draft = s ? ee(s) : void 0;
  }
  renderDraft(t, e) {
    const s = this.data.plan.bounds, a = ns(), n = (r, o, d, c) => l`<select
        name="segment-${o}"
        aria-label=${c}
        @change=${(u) => this.draft = Z(this.draft, d, { [o]: Number(u.target.value) })}
      >
        ${a.map((u) => l`<option value=${u} ?selected=${u === r}>${Ct(u)}</option>`)}
      </select>`;
    return l`<div class="draft">
      ${e.original === void 0 ? l`<label class="field"
            >Name
            <input name="schedule-name" .value=${e.name} @input=${(r) => this.draft = { ...this.draft, name: r.target.value }} />
          </label>` : h}
      <div class="segments" role="list" aria-label="Segments of ${e.name || "the new schedule"}">
        ${e.segments.map(
      (r, o) => l`<div class="segment-row" role="listitem">
            <span class="times">
              ${n(r.start, "start", o, `Segment ${o + 1} start`)} –
              ${n(r.end, "end", o, `Segment ${o + 1} end`)}
            </span>
            <label class="inline"
              ><input
                name="segment-watts"
                type="number"
                inputmode="numeric"
                aria-label="Segment ${o + 1} limit in W"
                min=${s.min_w}
                max=${s.max_w}
                step=${te}
                .value=${String(r.peak_shaving_w)}
                @change=${(d) => this.draft = Z(this.draft, o, { peak_shaving_w: Number(d.target.value) })}
              />
              W</label
            >
            <label class="inline"
              ><input
                name="segment-grid"
                type="checkbox"
                aria-label="Segment ${o + 1} grid charging"
                .checked=${r.grid_charging_allowed}
                @change=${(d) => this.draft = Z(this.draft, o, { grid_charging_allowed: d.target.checked })}
              />
              grid charging</label
            >
            <span class="moves">
              <button class="icon-button" name="earlier" aria-label="Move segment ${o + 1} 15 minutes earlier" @click=${() => this.draft = se(this.draft, o, -et)}>◀</button>
              <button class="icon-button" name="later" aria-label="Move segment ${o + 1} 15 minutes later" @click=${() => this.draft = se(this.draft, o, et)}>▶</button>
              <button class="icon-button danger" name="delete-segment" aria-label="Delete segment ${o + 1}" @click=${() => this.draft = is(this.draft, o)}>✕</button>
            </span>
          </div>`
    )}
        ${e.segments.length === 0 ? l`<div class="muted">No segments: the defaults apply all day.</div>` : h}
      </div>
      <div class="row actions">
        <button name="add-segment" @click=${() => this.draft = ss(this.draft, this.data.plan.defaults)}>Add segment</button>
        <button class="primary" name="save-schedule" ?disabled=${this.busy} @click=${() => this.saveDraft(t)}>Save</button>
        <button name="cancel-edit" @click=${() => this.edit(e.original ?? "")}>Discard changes</button>
        ${e.original !== void 0 ? l`<button class="danger" name="delete-schedule" ?disabled=${this.busy} @click=${() => this.deleteSchedule(t, e.original)}>Delete schedule</button>` : h}
      </div>
      ${e.original !== void 0 ? this.renderAssign(t, e.original) : h}
    </div>`;
  }
  async saveDraft(t) {
    const e = this.draft, s = e.name.trim();
    if (!s) {
      this.actionError = "Give the schedule a name.";
      return;
    }
    if (await this.act("set_daily_schedule", {
      schedule: s,
      segments: es(e),
      collection: t.name
    })) {
      this.editing = s;
      const n = this.data && bt(this.data.plan)?.schedules.find((r) => r.name === s);
      this.draft = n ? ee(n) : { ...e, original: s };
    }
  }
  async deleteSchedule(t, e) {
    await this.act("delete_daily_schedule", { schedule: e, collection: t.name }) && (this.editing = void 0, this.draft = void 0);
  }
  renderAssign(t, e) {
    return l`<div class="assign">
      <h3>Put "${e}" on days</h3>
      <div class="days" role="group" aria-label="Days">
        ${V.map(
      (s) => l`<label
            ><input
              type="checkbox"
              name="assign-day"
              value=${s}
              .checked=${this.assignDays.has(s)}
              @change=${(a) => {
        a.target.checked ? this.assignDays.add(s) : this.assignDays.delete(s), this.requestUpdate();
      }}
            />${wt[s]}</label
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
        schedule: e,
        days: V.filter((a) => this.assignDays.has(a)),
        collection: t.name
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
    if (!this.hass || !this.config) return h;
    const t = this.plant;
    if (!t)
      return this.notice(
        this.config.plant ? "This plant is not a VoltWise plant (any more)." : "No VoltWise plant found. Add one on your home's card under Settings > Devices & services."
      );
    const e = this.data ? bt(this.data.plan) : void 0;
    return l`<ha-card>
      <div class="header">
        <div class="title">${this.config.title ?? t.name}</div>
        ${e ? l`<div class="subtitle">Collection: ${e.name}</div>` : h}
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
      ${this.actionError ? l`<div class="error" role="alert">${this.actionError}</div>` : h}
      ${this.loadError ? l`<div class="error">${this.loadError}</div>` : h}
      ${this.tab === "today" ? this.renderToday() : e ? this.renderWeek(e) : l`<div class="muted">Loading…</div>`}
    </ha-card>`;
  }
};
rt.styles = [
  g.styles,
  T`
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
], rt.properties = {
  ...g.properties,
  data: { state: !0 },
  tab: { state: !0 },
  draft: { state: !0 },
  busy: { state: !0 },
  actionError: { state: !0 },
  editing: { state: !0 }
};
let Ot = rt;
class os extends C {
  render() {
    if (!this.hass || !this.config) return h;
    const t = f(this.hass, "plant").map((e) => ({ value: e.deviceId, label: e.name }));
    return l`<div class="editor">
      ${this.select("plant", "Plant", t)}
      ${this.select("view", "Opens on", [
      { value: "today", label: "Today" },
      { value: "week", label: "Week" }
    ])}
      ${this.text("title", "Title (optional)")}
    </div>`;
  }
}
function ls(i, t) {
  const e = D(i, t);
  return e?.kind !== "plant" ? null : { config: { type: "custom:voltwise-plant-card", plant: e.deviceId } };
}
const $e = [
  { value: "once", label: "Once" },
  { value: "daily", label: "Every day" },
  { value: "weekdays", label: "Weekdays" },
  { value: "weekends", label: "Weekends" },
  { value: "days", label: "Chosen days" }
], be = { mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat", sun: "Sun" };
function cs(i) {
  const t = Math.round(i / 60), e = Math.floor(t / 60), s = t % 60;
  return e && s ? `${e} h ${s} min` : e ? `${e} h` : `${s} min`;
}
function ds(i) {
  const t = Math.max(Math.round(i), 0);
  return `${Math.floor(t / 60)}:${String(t % 60).padStart(2, "0")}:00`;
}
function hs(i) {
  const t = i.repeat === "once" ? i.date ? `Once on ${i.date}` : "Once" : i.repeat === "days" ? i.days.map((a) => be[a]).join(", ") : $e.find((a) => a.value === i.repeat)?.label ?? i.repeat, e = i.duration ? ` for ${cs(i.duration)}` : "";
  if (i.smart)
    return `${t}: best time between ${i.start} and ${i.end ?? "?"}${e}`;
  const s = i.end ? `–${i.end}` : e;
  return `${t}, ${i.start}${s}`;
}
function us(i) {
  const t = {
    start: i.start,
    repeat: i.repeat,
    smart: i.smart,
    end: i.end || null,
    duration: i.durationMinutes ? ds(Number(i.durationMinutes)) : null
  };
  return i.repeat === "days" && (t.days = i.days), i.repeat === "once" ? t.date = i.date || null : t.end_date = i.endDate || null, i.scheduleId ? t.schedule_id = i.scheduleId : t.appliance = i.appliance, t;
}
function ps(i, t) {
  return {
    scheduleId: i.schedule_id,
    appliance: t,
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
const ot = class ot extends g {
  constructor() {
    super(...arguments), this.busy = !1;
  }
  static getConfigElement() {
    return document.createElement("voltwise-schedules-card-editor");
  }
  static getStubConfig(t) {
    const e = f(t, "home")[0];
    return { type: "custom:voltwise-schedules-card", ...e ? { home: e.deviceId } : {} };
  }
  getCardSize() {
    return 4;
  }
  get home() {
    if (!(!this.hass || !this.config)) {
      if (this.config.appliance) {
        const t = D(this.hass, this.config.appliance);
        return t ? f(this.hass, "home", t.entryId)[0] : void 0;
      }
      return F(this.hass, this.config.home);
    }
  }
  /** The appliances this card shows: one, or every appliance of the home. */
  appliances() {
    const t = this.hass, e = this.home;
    return !t || !e ? [] : f(t, "appliance", e.entryId).map((s) => ({ entityId: pt(t, s.deviceId) ?? "", name: s.name })).filter((s) => s.entityId && (!this.config?.appliance || s.entityId === this.config.appliance));
  }
  /**
   * The calendar entity changes only when the next run does, so a schedule added elsewhere for a
   * later day shows up at the next refresh; the card's own changes reload at once.
   */
  refreshSeconds() {
    return 30;
  }
  fingerprint() {
    const t = this.home;
    if (!t || !this.hass) return;
    const e = $(this.hass, t.deviceId, "calendar", "schedules");
    return [t.entryId, this.config?.appliance ?? "", e ? this.hass.states[e]?.last_updated : ""].join("|");
  }
  async load() {
    const t = this.home;
    if (!t || !this.hass) return;
    const e = this.config?.appliance ? { appliance: this.config.appliance } : { config_entry_id: t.entryId }, s = await X(this.hass, "list_schedules", e);
    this.schedules = [...s.schedules].sort((a, n) => (a.next_trigger ?? "~").localeCompare(n.next_trigger ?? "~"));
  }
  async act(t, e) {
    if (!this.hass) return !1;
    this.busy = !0, this.actionError = void 0;
    try {
      return await ut(this.hass, t, e), await this.reload(), !0;
    } catch (s) {
      return this.actionError = B(s), !1;
    } finally {
      this.busy = !1;
    }
  }
  newForm() {
    const t = this.appliances()[0];
    this.actionError = void 0, this.form = {
      appliance: t?.entityId ?? "",
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
  update_(t) {
    this.form && (this.form = { ...this.form, ...t });
  }
  async submit(t) {
    t.preventDefault();
    const e = this.form;
    if (!e) return;
    const s = e.scheduleId ? "update_schedule" : "schedule_appliance";
    await this.act(s, us(e)) && (this.form = void 0);
  }
  renderItem(t, e) {
    const s = t.next_action === "turn_off" ? "off" : "on", a = this.appliances().find((n) => n.name === t.appliance);
    return l`<li class="schedule" data-schedule=${t.schedule_id}>
      <div>
        <div class="what">${e ? l`${t.appliance}: ` : h}${hs(t)}</div>
        <div class="muted next">
          ${t.next_trigger ? l`Next: ${s} at ${Et(this.hass, t.next_trigger)}` : "No further runs"}
        </div>
      </div>
      <div class="row">
        <button
          name="edit"
          aria-label="Edit the schedule of ${t.appliance}"
          @click=${() => {
      this.actionError = void 0, this.form = ps(t, a?.entityId ?? "");
    }}
        >
          Edit
        </button>
        <button name="cancel" class="danger" aria-label="Cancel the schedule of ${t.appliance}" @click=${() => this.confirming = t.schedule_id}>
          Cancel
        </button>
      </div>
      ${this.confirming === t.schedule_id ? l`<div class="confirm row" role="alertdialog" aria-label="Cancel this schedule?">
            <span>Cancel this schedule?</span>
            <button
              class="danger"
              name="confirm-cancel"
              ?disabled=${this.busy}
              @click=${async () => {
      await this.act("cancel_schedule", { schedule_id: t.schedule_id }) && (this.confirming = void 0);
    }}
            >
              Yes, cancel it
            </button>
            <button name="keep" @click=${() => this.confirming = void 0}>Keep</button>
          </div>` : h}
    </li>`;
  }
  renderForm(t) {
    const e = this.appliances(), s = (a, n, r, o, d, c = "") => l`<label class="field ${c}"
        >${n}
        <input name=${a} type=${o} .value=${r} @change=${(u) => this.update_({ [d]: u.target.value })} />
      </label>`;
    return l`<form class="form" @submit=${this.submit} aria-label=${t.scheduleId ? "Edit schedule" : "New schedule"}>
      ${!t.scheduleId && e.length > 1 ? l`<label class="field"
            >Appliance
            <select name="appliance" @change=${(a) => this.update_({ appliance: a.target.value })}>
              ${e.map((a) => l`<option value=${a.entityId} ?selected=${a.entityId === t.appliance}>${a.name}</option>`)}
            </select>
          </label>` : h}
      <label class="field"
        >Kind
        <select name="kind" @change=${(a) => this.update_({ smart: a.target.value === "smart" })}>
          <option value="fixed" ?selected=${!t.smart}>At a time</option>
          <option value="smart" ?selected=${t.smart}>Best time in a window</option>
        </select>
      </label>
      ${s("start", t.smart ? "Window opens" : "Start", t.start, "time", "start")}
      ${s("end", t.smart ? "Window closes" : "End (optional)", t.end, "time", "end")}
      ${s("duration", t.smart ? "Run for (minutes)" : "Or run for (minutes)", t.durationMinutes, "number", "durationMinutes")}
      <label class="field"
        >Repeat
        <select name="repeat" @change=${(a) => this.update_({ repeat: a.target.value })}>
          ${$e.map((a) => l`<option value=${a.value} ?selected=${a.value === t.repeat}>${a.label}</option>`)}
        </select>
      </label>
      ${t.repeat === "once" ? s("date", "Date (optional)", t.date, "date", "date") : s("end_date", "Until (optional)", t.endDate, "date", "endDate")}
      ${t.repeat === "days" ? l`<div class="days wide" role="group" aria-label="Days">
            ${V.map(
      (a) => l`<label
                ><input
                  type="checkbox"
                  name="day"
                  value=${a}
                  .checked=${t.days.includes(a)}
                  @change=${(n) => this.update_({
        days: n.target.checked ? [...t.days, a] : t.days.filter((r) => r !== a)
      })}
                />${be[a]}</label
              >`
    )}
          </div>` : h}
      <div class="row wide">
        <button class="primary" type="submit" name="save" ?disabled=${this.busy}>${t.scheduleId ? "Save" : "Add schedule"}</button>
        <button type="button" name="close" @click=${() => this.form = void 0}>Close</button>
      </div>
    </form>`;
  }
  render() {
    if (!this.hass || !this.config) return h;
    if (!this.home) return this.notice("No VoltWise appliance found. Add one on your home's card under Settings > Devices & services.");
    const e = this.config.appliance, s = this.config.title ?? (e ? `${G(this.hass, e)}: schedules` : "Appliance schedules"), a = this.schedules;
    return l`<ha-card>
      <div class="header">
        <div class="title">${s}</div>
        <button name="add" @click=${() => this.newForm()}>Add</button>
      </div>
      ${this.loadError ? l`<div class="error">${this.loadError}</div>` : h}
      ${a === void 0 ? l`<div class="muted">Loading…</div>` : a.length === 0 ? l`<div class="muted empty">No schedules yet.</div>` : l`<ul>
              ${a.map((n) => this.renderItem(n, !e))}
            </ul>`}
      ${this.actionError ? l`<div class="error" role="alert">${this.actionError}</div>` : h}
      ${this.form ? this.renderForm(this.form) : h}
    </ha-card>`;
  }
};
ot.styles = [
  g.styles,
  T`
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
], ot.properties = {
  ...g.properties,
  schedules: { state: !0 },
  form: { state: !0 },
  busy: { state: !0 },
  actionError: { state: !0 },
  confirming: { state: !0 }
};
let Nt = ot;
class vs extends C {
  render() {
    if (!this.hass || !this.config) return h;
    const t = this.hass, e = f(t, "home").map((n) => ({ value: n.deviceId, label: n.name })), s = F(t, this.config.home), a = f(t, "appliance", s?.entryId).map((n) => ({ value: pt(t, n.deviceId) ?? "", label: n.name })).filter((n) => n.value);
    return l`<div class="editor">
      ${this.select("home", "Home", e)}
      ${this.select("appliance", "Appliance", a, "Every appliance of the home")}
      ${this.text("title", "Title (optional)")}
    </div>`;
  }
}
function gs(i, t) {
  const e = D(i, t);
  if (e?.kind !== "appliance") return null;
  const s = pt(i, e.deviceId), a = f(i, "home", e.entryId)[0];
  return s ? {
    config: { type: "custom:voltwise-schedules-card", ...a ? { home: a.deviceId } : {}, appliance: s }
  } : null;
}
const ie = { turn_off: "off", eco_on: "eco", set_level: "limited", schedule_resume: "delayed" }, fs = /* @__PURE__ */ new Set(["turn_on", "eco_off", "restore_level"]);
function ms(i, t, e, s) {
  const a = (c, u) => {
    const p = c ? new Date(c).getTime() : NaN;
    return Number.isFinite(p) ? (p - e) / (s - e) : u;
  }, n = [], r = (c) => c.appliance_id ?? `name:${c.appliance}`, o = /* @__PURE__ */ new Map();
  for (const c of i) {
    const u = {
      from: 0,
      to: a(c.resume_at ?? c.until, 1),
      appliance: c.appliance,
      action: c.action ?? "held",
      grid: c.reason.startsWith("grid")
    };
    n.push(u), o.set(r(c), u);
  }
  const d = [...t].sort((c, u) => new Date(c.at).getTime() - new Date(u.at).getTime());
  for (const c of d) {
    const u = a(c.at, 0);
    if (c.action in ie) {
      if (o.has(r(c))) continue;
      const p = { from: u, to: 1, appliance: c.appliance, action: ie[c.action], grid: c.source === "grid_protection" };
      n.push(p), o.set(r(c), p);
    } else if (fs.has(c.action)) {
      const p = o.get(r(c));
      p ? p.to = Math.max(p.from, u) : n.push({ from: 0, to: u, appliance: c.appliance, action: "held", grid: c.source === "grid_protection" }), o.delete(r(c));
    }
  }
  return n.map((c) => ({ ...c, from: Math.max(c.from, 0), to: Math.min(c.to, 1) })).filter((c) => c.to > c.from);
}
const ys = [12, 24, 48], R = 15, _t = {
  peak: "Peak",
  normal: "Normal",
  off_peak: "Off-peak",
  solar: "Solar"
};
function U(i) {
  return i.slot ?? (i.peak ? "peak" : i.cheap ? "off_peak" : "normal");
}
function xt(i, t) {
  const e = [], s = i.length;
  return i.forEach((a, n) => {
    const r = t(a), o = e[e.length - 1];
    o && o.value === r ? o.to = (n + 1) / s : e.push({ from: n / s, to: (n + 1) / s, value: r, first: n });
  }), e;
}
function $s(i, t, e) {
  const s = e > t ? (i - t) / (e - t) : 0;
  return `hsl(${Math.round(120 * (1 - s))}, 60%, 45%)`;
}
function b(i) {
  return `${(Math.min(Math.max(i, 0), 1) * 100).toFixed(3)}%`;
}
const lt = class lt extends g {
  constructor() {
    super(...arguments), this.runs = [], this.autopilot = [], this.selected = 0;
  }
  static getConfigElement() {
    return document.createElement("voltwise-timeline-card-editor");
  }
  static getStubConfig(t) {
    const e = f(t, "home")[0];
    return { type: "custom:voltwise-timeline-card", ...e ? { home: e.deviceId } : {}, hours: 24 };
  }
  validate(t) {
    if (t.hours !== void 0 && !(Number(t.hours) > 0 && Number(t.hours) <= 48))
      throw new Error("hours must be between 1 and 48");
  }
  getCardSize() {
    return 5;
  }
  get home() {
    return this.hass && this.config ? F(this.hass, this.config.home) : void 0;
  }
  entity(t, e) {
    return this.hass ? $(this.hass, this.home?.deviceId, t, e) : void 0;
  }
  refreshSeconds() {
    return 300;
  }
  fingerprint() {
    const t = this.home;
    if (!t || !this.hass) return;
    const e = [
      this.entity("sensor", "penalty_score"),
      this.entity("select", "strategy"),
      this.entity("number", "penalty_threshold"),
      this.entity("calendar", "schedules"),
      this.entity("sensor", "autopilot_status")
    ].map((s) => s ? this.hass.states[s]?.last_updated : "");
    return [t.entryId, this.config?.hours ?? 24, ...e].join("|");
  }
  async load() {
    const t = this.home;
    if (!t || !this.hass) return;
    const e = Number(this.config?.hours ?? 24), s = await X(this.hass, "get_penalty_timeline", {
      config_entry_id: t.entryId,
      hours: e,
      resolution: R
    });
    this.timeline = s, this.selected = Math.min(this.selected, Math.max(s.points.length - 1, 0)), this.runs = await this.loadRuns(s), this.autopilot = await this.loadAutopilot(s, t.entryId, e);
  }
  /** The autopilot's holds now and in its preview (none for a home without the autopilot). */
  async loadAutopilot(t, e, s) {
    const a = this.entity("sensor", "autopilot_status");
    if (!a || !this.hass || t.points.length === 0) return [];
    const n = this.hass.states[a], r = Array.isArray(n?.attributes.held) ? n.attributes.held : [];
    let o = [];
    if (n?.state !== "off")
      try {
        o = (await X(this.hass, "preview_autopilot", {
          config_entry_id: e,
          hours: Math.min(s, 24)
        })).actions ?? [];
      } catch {
      }
    const d = new Date(t.points[0].start).getTime(), c = d + t.points.length * R * 6e4;
    return ms(r, o, d, c);
  }
  async loadRuns(t) {
    const e = this.entity("calendar", "schedules");
    if (!e || !this.hass || t.points.length === 0) return [];
    const s = new Date(t.points[0].start).getTime(), a = s + t.points.length * R * 6e4;
    return (await this.hass.callApi(
      "GET",
      `calendars/${e}?start=${encodeURIComponent(new Date(s).toISOString())}&end=${encodeURIComponent(new Date(a).toISOString())}`
    )).filter((r) => r.start.dateTime && r.end.dateTime).map((r) => ({
      from: (new Date(r.start.dateTime).getTime() - s) / (a - s),
      to: (new Date(r.end.dateTime).getTime() - s) / (a - s),
      name: r.summary
    })).filter((r) => r.to > 0 && r.from < 1);
  }
  bands(t, e) {
    const s = t.map((o) => o.intensity), a = Math.min(...s), n = Math.max(...s), r = this.nextBestFraction(t);
    return [
      {
        key: "tariff",
        label: "Tariff",
        render: () => l`<div class="track">
            ${xt(t, U).map(
          (o) => l`<div class="seg ${o.value}" style="left:${b(o.from)};width:${b(o.to - o.from)}">
                ${_t[o.value] ?? o.value}
              </div>`
        )}
          </div>`
      },
      {
        key: "carbon",
        label: "Carbon",
        render: () => l`<div class="track">
            ${xt(t, (o) => o.intensity).map(
          (o) => l`<div
                class="seg"
                style="left:${b(o.from)};width:${b(o.to - o.from)};background:${$s(o.value, a, n)}"
              ></div>`
        )}
          </div>`
      },
      {
        key: "penalty",
        label: "Penalty",
        tall: !0,
        render: () => l`<div class="track tall">${this.penaltyChart(t, e.threshold)}</div>`
      },
      {
        key: "best",
        label: "Best",
        render: () => l`<div class="track">
            ${xt(t, (o) => o.cheap && o.clean).filter((o) => o.value).map(
          (o) => l`<div
                  class="seg best ${r !== void 0 && r >= o.from && r < o.to ? "next-best" : ""}"
                  style="left:${b(o.from)};width:${b(o.to - o.from)}"
                  title="Cheap and clean"
                ></div>`
        )}
          </div>`
      },
      {
        key: "autopilot",
        label: "Autopilot",
        render: () => l`<div class="track">
            ${this.autopilot.map(
          (o) => l`<div
                class="seg autopilot ${o.grid ? "grid" : ""}"
                style="left:${b(o.from)};width:${b(o.to - o.from)}"
                title="${o.appliance}: ${o.action}"
              >
                ${o.appliance}: ${o.action}
              </div>`
        )}
          </div>`
      },
      {
        key: "runs",
        label: "Runs",
        render: () => l`<div class="track">
            ${this.runs.map(
          (o) => l`<div class="seg run" style="left:${b(o.from)};width:${b(o.to - o.from)}" title=${o.name}>
                ${o.name}
              </div>`
        )}
          </div>`
      }
    ];
  }
  nextBestFraction(t) {
    const e = this.entity("sensor", "best_window_start"), s = e ? this.hass?.states[e]?.state : void 0;
    if (!s || t.length === 0) return;
    const a = new Date(s).getTime(), n = new Date(t[0].start).getTime(), r = (a - n) / (t.length * R * 6e4);
    return Number.isFinite(r) && r >= 0 && r < 1 ? r : void 0;
  }
  penaltyChart(t, e) {
    const s = t.length, n = `0,100 ${t.flatMap((o, d) => [`${d},${(1 - o.penalty) * 100}`, `${d + 1},${(1 - o.penalty) * 100}`]).join(" ")} ${s},100`, r = (1 - e) * 100;
    return l`<svg class="penalty" viewBox="0 0 ${s} 100" preserveAspectRatio="none" aria-hidden="true">
      ${St`<polygon class="area" points=${n} vector-effect="non-scaling-stroke"></polygon>
      <line class="threshold" x1="0" x2=${s} y1=${r} y2=${r} vector-effect="non-scaling-stroke"></line>`}
    </svg>`;
  }
  axis(t) {
    const e = t.length, s = e > 120 ? 12 : 6, a = t.flatMap((n, r) => {
      const o = Zt(n.start), d = r > 0 ? Zt(t[r - 1].start) : -1, c = Math.floor(o / 60);
      if (r === 0 || Math.floor(d / 60) === c || c % s !== 0) return [];
      const u = c === 0 ? ye(this.hass, me(n.start)) : `${String(c).padStart(2, "0")}:00`;
      return [{ at: (r - o % 60 / R) / e, label: u }];
    });
    return l`<div></div>
      <div class="axis" aria-hidden="true">
        ${a.map((n) => l`<span style="left:${b(n.at)}">${n.label}</span>`)}
      </div>`;
  }
  select(t) {
    const e = this.timeline?.points.length ?? 0;
    e !== 0 && (this.selected = Math.min(Math.max(t, 0), e - 1));
  }
  onPointer(t) {
    const s = t.currentTarget.getBoundingClientRect(), a = this.timeline?.points.length ?? 0;
    s.width <= 0 || a === 0 || this.select(Math.floor((t.clientX - s.left) / s.width * a));
  }
  onKey(t) {
    const e = this.timeline?.points.length ?? 0, s = {
      ArrowRight: 1,
      ArrowUp: 1,
      ArrowLeft: -1,
      ArrowDown: -1,
      PageUp: 4,
      PageDown: -4
    };
    if (t.key in s) this.select(this.selected + s[t.key]);
    else if (t.key === "Home") this.select(0);
    else if (t.key === "End") this.select(e - 1);
    else return;
    t.preventDefault();
  }
  describe(t, e) {
    const s = _t[U(t)] ?? U(t);
    return [
      Et(this.hass, t.start),
      s,
      `${Q(this.hass, t.rate, e.currency)}/kWh`,
      `${m(this.hass, t.intensity)} gCO2eq/kWh`,
      `penalty ${m(this.hass, t.penalty, 2)}`
    ].join(", ");
  }
  render() {
    if (!this.hass || !this.config) return h;
    const t = this.home;
    if (!t) return this.notice("No VoltWise home found. Add one under Settings > Devices & services.");
    const e = Number(this.config.hours ?? 24), s = this.config.title ?? `${t.name}: next ${e} h`, a = this.timeline;
    if (this.loadError && !a)
      return l`<ha-card><div class="title">${s}</div><div class="error">${this.loadError}</div></ha-card>`;
    if (!a || a.points.length === 0)
      return l`<ha-card><div class="title">${s}</div><div class="muted">Loading…</div></ha-card>`;
    const n = a.points, r = n[this.selected] ?? n[0], o = this.bands(n, a), d = r.penalty > a.threshold;
    return l`<ha-card>
      <div class="header">
        <div class="title">${s}</div>
        <div class="subtitle">Strategy: ${a.strategy.replace("_", " ")} · threshold ${m(this.hass, a.threshold, 2)}</div>
      </div>
      <div class="bands">
        <div class="labels" aria-hidden="true">
          ${o.map((c) => l`<div class="band-label ${c.tall ? "tall" : ""}">${c.label}</div>`)}
        </div>
        <div
          class="tracks"
          role="slider"
          tabindex="0"
          aria-label="Time on the timeline"
          aria-valuemin="0"
          aria-valuemax=${n.length - 1}
          aria-valuenow=${this.selected}
          aria-valuetext=${this.describe(r, a)}
          @pointerdown=${this.onPointer}
          @keydown=${this.onKey}
        >
          ${o.map((c) => c.render())}
          <div class="cursor" style="left:${b((this.selected + 0.5) / n.length)}"></div>
        </div>
        ${this.axis(n)}
      </div>
      <div class="details grid" aria-live="polite">
        <div class="stat"><div class="label">Time</div><div class="value time">${Et(this.hass, r.start)}</div></div>
        <div class="stat"><div class="label">Tariff</div><div class="value slot">${_t[U(r)] ?? U(r)}</div></div>
        <div class="stat"><div class="label">Rate</div><div class="value rate">${Q(this.hass, r.rate, a.currency)}/kWh</div></div>
        <div class="stat"><div class="label">Carbon intensity</div><div class="value intensity">${m(this.hass, r.intensity)} g/kWh</div></div>
        <div class="stat">
          <div class="label">Penalty</div>
          <div class="value penalty">${m(this.hass, r.penalty, 2)} ${d ? l`<span class="badge">above threshold</span>` : h}</div>
        </div>
      </div>
      <div class="legend" aria-hidden="true">
        <span><i style="background:var(--vw-peak)"></i>Peak</span>
        <span><i style="background:var(--vw-normal)"></i>Normal</span>
        <span><i style="background:var(--vw-off-peak)"></i>Off-peak</span>
        <span><i style="background:var(--vw-solar)"></i>Solar</span>
        <span><i style="background:var(--vw-clean)"></i>Best window (cheap and clean)</span>
        <span><i style="background:var(--purple-color, #926bc7)"></i>Autopilot holds</span>
        <span><i style="background:var(--vw-accent)"></i>Scheduled run</span>
      </div>
      ${this.loadError ? l`<div class="error">${this.loadError}</div>` : h}
    </ha-card>`;
  }
};
lt.styles = [
  g.styles,
  T`
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
      .seg.autopilot {
        background: var(--purple-color, #926bc7);
        border-left: 1px solid var(--card-background-color, #fff);
      }
      .seg.autopilot.grid {
        background: var(--vw-peak);
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
], lt.properties = {
  ...g.properties,
  timeline: { state: !0 },
  runs: { state: !0 },
  autopilot: { state: !0 },
  selected: { state: !0 }
};
let Mt = lt;
class bs extends C {
  render() {
    if (!this.hass || !this.config) return h;
    const t = f(this.hass, "home").map((e) => ({ value: e.deviceId, label: e.name }));
    return l`<div class="editor">
      ${this.select("home", "Home", t)}
      ${this.select(
      "hours",
      "Hours ahead",
      ys.map((e) => ({ value: String(e), label: `${e} h` }))
    )}
      ${this.text("title", "Title (optional)")}
    </div>`;
  }
  set(t, e) {
    super.set(t, t === "hours" && e !== "" ? Number(e) : e);
  }
}
function ws(i, t) {
  const e = D(i, t);
  return e?.kind !== "home" ? null : { config: { type: "custom:voltwise-timeline-card", home: e.deviceId, hours: 24 } };
}
function q(i) {
  if (i.editor && i.editorType && !customElements.get(i.editorType) && customElements.define(i.editorType, i.editor), customElements.get(i.type) || customElements.define(i.type, i.element), window.customCards = window.customCards ?? [], window.customCards.some((e) => e.type === i.type)) return;
  const t = {
    type: i.type,
    name: i.name,
    description: i.description,
    preview: !0,
    documentationURL: "https://github.com/voltwise/voltwise#dashboard"
  };
  if (i.getEntitySuggestion) {
    const e = i.getEntitySuggestion;
    t.getEntitySuggestion = (s, a) => {
      try {
        return e(s, a);
      } catch {
        return null;
      }
    };
  }
  window.customCards.push(t);
}
q({
  type: "voltwise-timeline-card",
  element: Mt,
  editorType: "voltwise-timeline-card-editor",
  editor: bs,
  name: "VoltWise timeline",
  description: "The coming hours as bands: tariff slot, carbon intensity, penalty and threshold, best windows and scheduled runs.",
  getEntitySuggestion: ws
});
q({
  type: "voltwise-plant-card",
  element: Ot,
  editorType: "voltwise-plant-card-editor",
  editor: os,
  name: "VoltWise plant",
  description: "A Solis plant today (schedule, desired vs applied, override) and its week of daily schedules, editable.",
  getEntitySuggestion: ls
});
q({
  type: "voltwise-schedules-card",
  element: Nt,
  editorType: "voltwise-schedules-card-editor",
  editor: vs,
  name: "VoltWise schedules",
  description: "An appliance's upcoming runs: add, edit or cancel once, repeating or best-time-in-a-window schedules.",
  getEntitySuggestion: gs
});
q({
  type: "voltwise-autopilot-card",
  element: Tt,
  editorType: "voltwise-autopilot-card-editor",
  editor: Ye,
  name: "VoltWise autopilot",
  description: "Grid protection with the grid event in force, the daily strategy, and each delegated appliance: preferred action, protected window, OVERRIDE and resume.",
  getEntitySuggestion: Ve
});
q({
  type: "voltwise-insight-card",
  element: It,
  editorType: "voltwise-insight-card-editor",
  editor: Qe,
  name: "VoltWise insight",
  description: "Today's consumption forecast with its interval against the actual use, efficiency, and open anomalies to acknowledge.",
  getEntitySuggestion: ts
});
