const F = globalThis, At = F.ShadowRoot && (F.ShadyCSS === void 0 || F.ShadyCSS.nativeShadow) && "adoptedStyleSheets" in Document.prototype && "replace" in CSSStyleSheet.prototype, Et = /* @__PURE__ */ Symbol(), Mt = /* @__PURE__ */ new WeakMap();
let Qt = class {
  constructor(t, e, s) {
    if (this._$cssResult$ = !0, s !== Et) throw Error("CSSResult is not constructable. Use `unsafeCSS` or `css` instead.");
    this.cssText = t, this.t = e;
  }
  get styleSheet() {
    let t = this.o;
    const e = this.t;
    if (At && t === void 0) {
      const s = e !== void 0 && e.length === 1;
      s && (t = Mt.get(e)), t === void 0 && ((this.o = t = new CSSStyleSheet()).replaceSync(this.cssText), s && Mt.set(e, t));
    }
    return t;
  }
  toString() {
    return this.cssText;
  }
};
const ve = (i) => new Qt(typeof i == "string" ? i : i + "", void 0, Et), N = (i, ...t) => {
  const e = i.length === 1 ? i[0] : t.reduce((s, a, n) => s + ((r) => {
    if (r._$cssResult$ === !0) return r.cssText;
    if (typeof r == "number") return r;
    throw Error("Value passed to 'css' function must be a 'css' function result: " + r + ". Use 'unsafeCSS' to pass non-literal values, but take care to ensure page security.");
  })(a) + i[n + 1], i[0]);
  return new Qt(e, i, Et);
}, fe = (i, t) => {
  if (At) i.adoptedStyleSheets = t.map((e) => e instanceof CSSStyleSheet ? e : e.styleSheet);
  else for (const e of t) {
    const s = document.createElement("style"), a = F.litNonce;
    a !== void 0 && s.setAttribute("nonce", a), s.textContent = e.cssText, i.appendChild(s);
  }
}, Dt = At ? (i) => i : (i) => i instanceof CSSStyleSheet ? ((t) => {
  let e = "";
  for (const s of t.cssRules) e += s.cssText;
  return ve(e);
})(i) : i;
const { is: me, defineProperty: $e, getOwnPropertyDescriptor: ye, getOwnPropertyNames: be, getOwnPropertySymbols: we, getPrototypeOf: _e } = Object, it = globalThis, Pt = it.trustedTypes, xe = Pt ? Pt.emptyScript : "", ke = it.reactiveElementPolyfillSupport, R = (i, t) => i, $t = { toAttribute(i, t) {
  switch (t) {
    case Boolean:
      i = i ? xe : null;
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
} }, te = (i, t) => !me(i, t), Ut = { attribute: !0, type: String, converter: $t, reflect: !1, useDefault: !1, hasChanged: te };
Symbol.metadata ??= /* @__PURE__ */ Symbol("metadata"), it.litPropertyMetadata ??= /* @__PURE__ */ new WeakMap();
let E = class extends HTMLElement {
  static addInitializer(t) {
    this._$Ei(), (this.l ??= []).push(t);
  }
  static get observedAttributes() {
    return this.finalize(), this._$Eh && [...this._$Eh.keys()];
  }
  static createProperty(t, e = Ut) {
    if (e.state && (e.attribute = !1), this._$Ei(), this.prototype.hasOwnProperty(t) && ((e = Object.create(e)).wrapped = !0), this.elementProperties.set(t, e), !e.noAccessor) {
      const s = /* @__PURE__ */ Symbol(), a = this.getPropertyDescriptor(t, s, e);
      a !== void 0 && $e(this.prototype, t, a);
    }
  }
  static getPropertyDescriptor(t, e, s) {
    const { get: a, set: n } = ye(this.prototype, t) ?? { get() {
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
    return this.elementProperties.get(t) ?? Ut;
  }
  static _$Ei() {
    if (this.hasOwnProperty(R("elementProperties"))) return;
    const t = _e(this);
    t.finalize(), t.l !== void 0 && (this.l = [...t.l]), this.elementProperties = new Map(t.elementProperties);
  }
  static finalize() {
    if (this.hasOwnProperty(R("finalized"))) return;
    if (this.finalized = !0, this._$Ei(), this.hasOwnProperty(R("properties"))) {
      const e = this.properties, s = [...be(e), ...we(e)];
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
      for (const a of s) e.unshift(Dt(a));
    } else t !== void 0 && e.push(Dt(t));
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
    return fe(t, this.constructor.elementStyles), t;
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
      const n = (s.converter?.toAttribute !== void 0 ? s.converter : $t).toAttribute(e, s.type);
      this._$Em = t, n == null ? this.removeAttribute(a) : this.setAttribute(a, n), this._$Em = null;
    }
  }
  _$AK(t, e) {
    const s = this.constructor, a = s._$Eh.get(t);
    if (a !== void 0 && this._$Em !== a) {
      const n = s.getPropertyOptions(a), r = typeof n.converter == "function" ? { fromAttribute: n.converter } : n.converter?.fromAttribute !== void 0 ? n.converter : $t;
      this._$Em = a;
      const o = r.fromAttribute(e, n.type);
      this[a] = o ?? this._$Ej?.get(a) ?? o, this._$Em = null;
    }
  }
  requestUpdate(t, e, s, a = !1, n) {
    if (t !== void 0) {
      const r = this.constructor;
      if (a === !1 && (n = this[t]), s ??= r.getPropertyOptions(t), !((s.hasChanged ?? te)(n, e) || s.useDefault && s.reflect && n === this._$Ej?.get(t) && !this.hasAttribute(r._$Eu(t, s)))) return;
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
E.elementStyles = [], E.shadowRootOptions = { mode: "open" }, E[R("elementProperties")] = /* @__PURE__ */ new Map(), E[R("finalized")] = /* @__PURE__ */ new Map(), ke?.({ ReactiveElement: E }), (it.reactiveElementVersions ??= []).push("2.1.2");
const Ct = globalThis, Rt = (i) => i, K = Ct.trustedTypes, zt = K ? K.createPolicy("lit-html", { createHTML: (i) => i }) : void 0, ee = "$lit$", b = `lit$${Math.random().toFixed(9).slice(2)}$`, se = "?" + b, Se = `<${se}>`, A = document, z = () => A.createComment(""), H = (i) => i === null || typeof i != "object" && typeof i != "function", Tt = Array.isArray, Ae = (i) => Tt(i) || typeof i?.[Symbol.iterator] == "function", ht = `[ 	
\f\r]`, M = /<(?:(!--|\/[^a-zA-Z])|(\/?[a-zA-Z][^>\s]*)|(\/?$))/g, Ht = /-->/g, Lt = />/g, x = RegExp(`>|${ht}(?:([^\\s"'>=/]+)(${ht}*=${ht}*(?:[^ 	
\f\r"'\`<>=]|("|')|))|$)`, "g"), Wt = /'/g, Bt = /"/g, ie = /^(?:script|style|textarea|title)$/i, ae = (i) => (t, ...e) => ({ _$litType$: i, strings: t, values: e }), c = ae(1), Ee = ae(2), T = /* @__PURE__ */ Symbol.for("lit-noChange"), d = /* @__PURE__ */ Symbol.for("lit-nothing"), jt = /* @__PURE__ */ new WeakMap(), S = A.createTreeWalker(A, 129);
function ne(i, t) {
  if (!Tt(i) || !i.hasOwnProperty("raw")) throw Error("invalid template strings array");
  return zt !== void 0 ? zt.createHTML(t) : t;
}
const Ce = (i, t) => {
  const e = i.length - 1, s = [];
  let a, n = t === 2 ? "<svg>" : t === 3 ? "<math>" : "", r = M;
  for (let o = 0; o < e; o++) {
    const l = i[o];
    let h, u, p = -1, f = 0;
    for (; f < l.length && (r.lastIndex = f, u = r.exec(l), u !== null); ) f = r.lastIndex, r === M ? u[1] === "!--" ? r = Ht : u[1] !== void 0 ? r = Lt : u[2] !== void 0 ? (ie.test(u[2]) && (a = RegExp("</" + u[2], "g")), r = x) : u[3] !== void 0 && (r = x) : r === x ? u[0] === ">" ? (r = a ?? M, p = -1) : u[1] === void 0 ? p = -2 : (p = r.lastIndex - u[2].length, h = u[1], r = u[3] === void 0 ? x : u[3] === '"' ? Bt : Wt) : r === Bt || r === Wt ? r = x : r === Ht || r === Lt ? r = M : (r = x, a = void 0);
    const g = r === x && i[o + 1].startsWith("/>") ? " " : "";
    n += r === M ? l + Se : p >= 0 ? (s.push(h), l.slice(0, p) + ee + l.slice(p) + b + g) : l + b + (p === -2 ? o : g);
  }
  return [ne(i, n + (i[e] || "<?>") + (t === 2 ? "</svg>" : t === 3 ? "</math>" : "")), s];
};
class L {
  constructor({ strings: t, _$litType$: e }, s) {
    let a;
    this.parts = [];
    let n = 0, r = 0;
    const o = t.length - 1, l = this.parts, [h, u] = Ce(t, e);
    if (this.el = L.createElement(h, s), S.currentNode = this.el.content, e === 2 || e === 3) {
      const p = this.el.content.firstChild;
      p.replaceWith(...p.childNodes);
    }
    for (; (a = S.nextNode()) !== null && l.length < o; ) {
      if (a.nodeType === 1) {
        if (a.hasAttributes()) for (const p of a.getAttributeNames()) if (p.endsWith(ee)) {
          const f = u[r++], g = a.getAttribute(p).split(b), j = /([.?@])?(.*)/.exec(f);
          l.push({ type: 1, index: n, name: j[2], strings: g, ctor: j[1] === "." ? Oe : j[1] === "?" ? Ie : j[1] === "@" ? Ne : at }), a.removeAttribute(p);
        } else p.startsWith(b) && (l.push({ type: 6, index: n }), a.removeAttribute(p));
        if (ie.test(a.tagName)) {
          const p = a.textContent.split(b), f = p.length - 1;
          if (f > 0) {
            a.textContent = K ? K.emptyScript : "";
            for (let g = 0; g < f; g++) a.append(p[g], z()), S.nextNode(), l.push({ type: 2, index: ++n });
            a.append(p[f], z());
          }
        }
      } else if (a.nodeType === 8) if (a.data === se) l.push({ type: 2, index: n });
      else {
        let p = -1;
        for (; (p = a.data.indexOf(b, p + 1)) !== -1; ) l.push({ type: 7, index: n }), p += b.length - 1;
      }
      n++;
    }
  }
  static createElement(t, e) {
    const s = A.createElement("template");
    return s.innerHTML = t, s;
  }
}
function O(i, t, e = i, s) {
  if (t === T) return t;
  let a = s !== void 0 ? e._$Co?.[s] : e._$Cl;
  const n = H(t) ? void 0 : t._$litDirective$;
  return a?.constructor !== n && (a?._$AO?.(!1), n === void 0 ? a = void 0 : (a = new n(i), a._$AT(i, e, s)), s !== void 0 ? (e._$Co ??= [])[s] = a : e._$Cl = a), a !== void 0 && (t = O(i, a._$AS(i, t.values), a, s)), t;
}
class Te {
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
    const { el: { content: e }, parts: s } = this._$AD, a = (t?.creationScope ?? A).importNode(e, !0);
    S.currentNode = a;
    let n = S.nextNode(), r = 0, o = 0, l = s[0];
    for (; l !== void 0; ) {
      if (r === l.index) {
        let h;
        l.type === 2 ? h = new W(n, n.nextSibling, this, t) : l.type === 1 ? h = new l.ctor(n, l.name, l.strings, this, t) : l.type === 6 && (h = new Me(n, this, t)), this._$AV.push(h), l = s[++o];
      }
      r !== l?.index && (n = S.nextNode(), r++);
    }
    return S.currentNode = A, a;
  }
  p(t) {
    let e = 0;
    for (const s of this._$AV) s !== void 0 && (s.strings !== void 0 ? (s._$AI(t, s, e), e += s.strings.length - 2) : s._$AI(t[e])), e++;
  }
}
class W {
  get _$AU() {
    return this._$AM?._$AU ?? this._$Cv;
  }
  constructor(t, e, s, a) {
    this.type = 2, this._$AH = d, this._$AN = void 0, this._$AA = t, this._$AB = e, this._$AM = s, this.options = a, this._$Cv = a?.isConnected ?? !0;
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
    t = O(this, t, e), H(t) ? t === d || t == null || t === "" ? (this._$AH !== d && this._$AR(), this._$AH = d) : t !== this._$AH && t !== T && this._(t) : t._$litType$ !== void 0 ? this.$(t) : t.nodeType !== void 0 ? this.T(t) : Ae(t) ? this.k(t) : this._(t);
  }
  O(t) {
    return this._$AA.parentNode.insertBefore(t, this._$AB);
  }
  T(t) {
    this._$AH !== t && (this._$AR(), this._$AH = this.O(t));
  }
  _(t) {
    this._$AH !== d && H(this._$AH) ? this._$AA.nextSibling.data = t : this.T(A.createTextNode(t)), this._$AH = t;
  }
  $(t) {
    const { values: e, _$litType$: s } = t, a = typeof s == "number" ? this._$AC(t) : (s.el === void 0 && (s.el = L.createElement(ne(s.h, s.h[0]), this.options)), s);
    if (this._$AH?._$AD === a) this._$AH.p(e);
    else {
      const n = new Te(a, this), r = n.u(this.options);
      n.p(e), this.T(r), this._$AH = n;
    }
  }
  _$AC(t) {
    let e = jt.get(t.strings);
    return e === void 0 && jt.set(t.strings, e = new L(t)), e;
  }
  k(t) {
    Tt(this._$AH) || (this._$AH = [], this._$AR());
    const e = this._$AH;
    let s, a = 0;
    for (const n of t) a === e.length ? e.push(s = new W(this.O(z()), this.O(z()), this, this.options)) : s = e[a], s._$AI(n), a++;
    a < e.length && (this._$AR(s && s._$AB.nextSibling, a), e.length = a);
  }
  _$AR(t = this._$AA.nextSibling, e) {
    for (this._$AP?.(!1, !0, e); t !== this._$AB; ) {
      const s = Rt(t).nextSibling;
      Rt(t).remove(), t = s;
    }
  }
  setConnected(t) {
    this._$AM === void 0 && (this._$Cv = t, this._$AP?.(t));
  }
}
class at {
  get tagName() {
    return this.element.tagName;
  }
  get _$AU() {
    return this._$AM._$AU;
  }
  constructor(t, e, s, a, n) {
    this.type = 1, this._$AH = d, this._$AN = void 0, this.element = t, this.name = e, this._$AM = a, this.options = n, s.length > 2 || s[0] !== "" || s[1] !== "" ? (this._$AH = Array(s.length - 1).fill(new String()), this.strings = s) : this._$AH = d;
  }
  _$AI(t, e = this, s, a) {
    const n = this.strings;
    let r = !1;
    if (n === void 0) t = O(this, t, e, 0), r = !H(t) || t !== this._$AH && t !== T, r && (this._$AH = t);
    else {
      const o = t;
      let l, h;
      for (t = n[0], l = 0; l < n.length - 1; l++) h = O(this, o[s + l], e, l), h === T && (h = this._$AH[l]), r ||= !H(h) || h !== this._$AH[l], h === d ? t = d : t !== d && (t += (h ?? "") + n[l + 1]), this._$AH[l] = h;
    }
    r && !a && this.j(t);
  }
  j(t) {
    t === d ? this.element.removeAttribute(this.name) : this.element.setAttribute(this.name, t ?? "");
  }
}
class Oe extends at {
  constructor() {
    super(...arguments), this.type = 3;
  }
  j(t) {
    this.element[this.name] = t === d ? void 0 : t;
  }
}
class Ie extends at {
  constructor() {
    super(...arguments), this.type = 4;
  }
  j(t) {
    this.element.toggleAttribute(this.name, !!t && t !== d);
  }
}
class Ne extends at {
  constructor(t, e, s, a, n) {
    super(t, e, s, a, n), this.type = 5;
  }
  _$AI(t, e = this) {
    if ((t = O(this, t, e, 0) ?? d) === T) return;
    const s = this._$AH, a = t === d && s !== d || t.capture !== s.capture || t.once !== s.once || t.passive !== s.passive, n = t !== d && (s === d || a);
    a && this.element.removeEventListener(this.name, this, s), n && this.element.addEventListener(this.name, this, t), this._$AH = t;
  }
  handleEvent(t) {
    typeof this._$AH == "function" ? this._$AH.call(this.options?.host ?? this.element, t) : this._$AH.handleEvent(t);
  }
}
class Me {
  constructor(t, e, s) {
    this.element = t, this.type = 6, this._$AN = void 0, this._$AM = e, this.options = s;
  }
  get _$AU() {
    return this._$AM._$AU;
  }
  _$AI(t) {
    O(this, t);
  }
}
const De = Ct.litHtmlPolyfillSupport;
De?.(L, W), (Ct.litHtmlVersions ??= []).push("3.3.3");
const Pe = (i, t, e) => {
  const s = e?.renderBefore ?? t;
  let a = s._$litPart$;
  if (a === void 0) {
    const n = e?.renderBefore ?? null;
    s._$litPart$ = a = new W(t.insertBefore(z(), n), n, void 0, e ?? {});
  }
  return a._$AI(i), a;
};
const Ot = globalThis;
class C extends E {
  constructor() {
    super(...arguments), this.renderOptions = { host: this }, this._$Do = void 0;
  }
  createRenderRoot() {
    const t = super.createRenderRoot();
    return this.renderOptions.renderBefore ??= t.firstChild, t;
  }
  update(t) {
    const e = this.render();
    this.hasUpdated || (this.renderOptions.isConnected = this.isConnected), super.update(t), this._$Do = Pe(e, this.renderRoot, this.renderOptions);
  }
  connectedCallback() {
    super.connectedCallback(), this._$Do?.setConnected(!0);
  }
  disconnectedCallback() {
    super.disconnectedCallback(), this._$Do?.setConnected(!1);
  }
  render() {
    return T;
  }
}
C._$litElement$ = !0, C.finalized = !0, Ot.litElementHydrateSupport?.({ LitElement: C });
const Ue = Ot.litElementPolyfillSupport;
Ue?.({ LitElement: C });
(Ot.litElementVersions ??= []).push("4.2.2");
const nt = "voltwise";
async function V(i, t, e) {
  return (await i.callWS({
    type: "call_service",
    domain: nt,
    service: t,
    service_data: e,
    return_response: !0
  })).response;
}
async function It(i, t, e, s = nt) {
  await i.callWS({ type: "call_service", domain: s, service: t, service_data: e });
}
function rt(i) {
  if (i && typeof i == "object") {
    const t = i.message;
    if (typeof t == "string" && t) return t;
    const e = i.code;
    if (typeof e == "string" && e) return e;
  }
  return typeof i == "string" && i ? i : "Something went wrong";
}
const Re = N`
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
`, ze = N`
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
`, J = class J extends C {
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
            this.loadError = rt(t);
          }
        } while (this.reloadAgain);
      } finally {
        this.loading = !1, this.requestUpdate();
      }
    }
  }
  notice(t) {
    return c`<ha-card><div class="notice">${t}</div></ha-card>`;
  }
};
J.styles = Re, J.properties = {
  hass: { attribute: !1 },
  config: { state: !0 },
  loadError: { state: !0 }
};
let m = J;
const X = class X extends C {
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
    return c`<label>
      ${e}
      <select
        name=${t}
        @change=${(r) => this.set(t, r.target.value)}
      >
        ${a !== void 0 ? c`<option value="" ?selected=${n === ""}>${a}</option>` : d}
        ${s.map(
      (r) => c`<option value=${r.value} ?selected=${r.value === n}>${r.label}</option>`
    )}
      </select>
    </label>`;
  }
  text(t, e) {
    return c`<label>
      ${e}
      <input
        name=${t}
        .value=${String(this.config?.[t] ?? "")}
        @change=${(s) => this.set(t, s.target.value.trim())}
      />
    </label>`;
  }
};
X.styles = ze, X.properties = {
  hass: { attribute: !1 },
  config: { state: !0 }
};
let I = X;
const yt = {
  home: { domain: "sensor", key: "tariff_rate" },
  appliance: { domain: "sensor", key: "status" },
  plant: { domain: "sensor", key: "active_schedule" }
};
function re(i) {
  return i.split(".", 1)[0];
}
function oe(i) {
  return Object.values(i.entities ?? {}).filter((t) => t.platform === nt);
}
function le(i) {
  return i?.name_by_user || i?.name || "";
}
function ce(i) {
  return i?.primary_config_entry ?? i?.config_entries?.[0] ?? "";
}
function y(i, t, e, s) {
  if (t)
    return oe(i).find(
      (a) => a.device_id === t && re(a.entity_id) === e && (a.translation_key ?? void 0) === s
    )?.entity_id;
}
function He(i, t) {
  if (!t) return;
  const e = i.devices?.[t];
  if (e)
    for (const s of Object.keys(yt)) {
      const a = yt[s];
      if (y(i, t, a.domain, a.key))
        return { kind: s, deviceId: t, entryId: ce(e), name: le(e) };
    }
}
function v(i, t, e) {
  const s = yt[t], a = /* @__PURE__ */ new Set(), n = [];
  for (const r of oe(i)) {
    if (!r.device_id || a.has(r.device_id) || re(r.entity_id) !== s.domain || r.translation_key !== s.key) continue;
    a.add(r.device_id);
    const o = i.devices?.[r.device_id];
    if (!o) continue;
    const l = { kind: t, deviceId: r.device_id, entryId: ce(o), name: le(o) };
    (!e || l.entryId === e) && n.push(l);
  }
  return n.sort((r, o) => r.name.localeCompare(o.name));
}
function ot(i, t) {
  const e = v(i, "home");
  return e.find((s) => s.deviceId === t) ?? (t ? void 0 : e[0]);
}
function B(i, t) {
  const e = i.entities?.[t];
  if (!(!e || e.platform !== nt))
    return He(i, e.device_id);
}
function lt(i, t) {
  return y(i, t, "switch", void 0);
}
const G = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
function ct(i) {
  return i?.locale?.language || i?.language || "en";
}
const de = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/;
function Le(i) {
  const t = de.exec(i);
  return t ? `${t[4]}:${t[5]}` : i;
}
function he(i) {
  return i.slice(0, 10);
}
function Ft(i) {
  const t = de.exec(i);
  return t ? Number(t[4]) * 60 + Number(t[5]) : 0;
}
function ue(i, t) {
  const [e, s, a] = t.split("-").map(Number), n = new Date(Date.UTC(e, s - 1, a, 12));
  return new Intl.DateTimeFormat(ct(i), { weekday: "short", timeZone: "UTC" }).format(n);
}
function bt(i, t, e) {
  const s = Le(t), a = he(t);
  return e && a === e ? s : `${ue(i, a)} ${s}`;
}
function k(i, t, e) {
  const s = typeof t == "string" ? new Date(t) : t;
  if (Number.isNaN(s.getTime())) return String(t);
  try {
    return new Intl.DateTimeFormat(ct(i), {
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
function Gt(i, t, e) {
  const s = e || i?.config?.currency;
  if (!s) return w(i, t, 2);
  try {
    return new Intl.NumberFormat(ct(i), {
      style: "currency",
      currency: s,
      maximumFractionDigits: 2
    }).format(t);
  } catch {
    return `${w(i, t, 2)} ${s}`;
  }
}
function w(i, t, e = 0) {
  return new Intl.NumberFormat(ct(i), { maximumFractionDigits: e }).format(t);
}
function We(i, t) {
  return `${w(i, t)} W`;
}
function Nt(i, t, e = "full") {
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
function U(i) {
  return i === void 0 || i === "unknown" || i === "unavailable";
}
function wt(i) {
  const t = Math.floor(i / 60), e = i % 60;
  return `${String(t).padStart(2, "0")}:${String(e).padStart(2, "0")}`;
}
function Y(i) {
  const t = /^(\d{1,2}):(\d{2})$/.exec(i.trim());
  if (!t) return;
  const e = Number(t[1]) * 60 + Number(t[2]);
  return e <= 1440 && Number(t[2]) < 60 ? e : void 0;
}
const ut = [
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
], qt = {
  turn_off: "Turn Off",
  eco_mode: "Switch to Eco Mode",
  delay_start: "Delay Start until Off-Peak",
  limit_power: "Limit Power %"
}, Be = {
  off: "Off",
  watching: "Watching",
  acting: "Acting",
  grid_protection: "Grid protection"
}, Kt = {
  high_penalty: "high penalty",
  peak: "peak tariff",
  grid_warning: "grid warning",
  grid_critical: "critical grid event",
  override: "overridden",
  protected: "protected window",
  paused: "paused"
};
function pt(i) {
  return Array.isArray(i) ? i : [];
}
function Vt(i) {
  return i && /^\d{2}:\d{2}/.test(i) ? i.slice(0, 5) : "";
}
const Q = class Q extends m {
  static getConfigElement() {
    return document.createElement("voltwise-autopilot-card-editor");
  }
  static getStubConfig(t) {
    const e = v(t, "home")[0];
    return { type: "custom:voltwise-autopilot-card", ...e ? { home: e.deviceId } : {} };
  }
  getCardSize() {
    return 6;
  }
  get home() {
    return this.hass && this.config ? ot(this.hass, this.config.home) : void 0;
  }
  homeEntity(t, e) {
    return this.hass ? y(this.hass, this.home?.deviceId, t, e) : void 0;
  }
  /** Shiftable appliances of the home: those with a "Delegated to autopilot" switch. */
  appliances() {
    const t = this.hass, e = this.home;
    return !t || !e ? [] : v(t, "appliance", e.entryId).map((s) => ({
      device: s,
      switchEntity: lt(t, s.deviceId),
      delegated: y(t, s.deviceId, "switch", "autopilot_delegated"),
      action: y(t, s.deviceId, "select", "preferred_action"),
      window: y(t, s.deviceId, "switch", "protected_window"),
      windowStart: y(t, s.deviceId, "time", "protected_window_start"),
      windowEnd: y(t, s.deviceId, "time", "protected_window_end"),
      status: y(t, s.deviceId, "sensor", "status")
    })).filter((s) => s.delegated !== void 0);
  }
  state(t) {
    return t ? this.hass?.states[t]?.state : void 0;
  }
  async act(t, e, s) {
    if (this.hass)
      try {
        await It(this.hass, e, s, t), this.actionError = void 0;
      } catch (a) {
        this.actionError = rt(a);
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
    const t = this.hass, e = this.homeEntity("switch", "grid_protection"), s = this.homeEntity("sensor", "grid_status"), a = this.state(e) === "on", n = pt(s ? t.states[s]?.attributes.events : void 0);
    return c`<section class="grid-protection">
      <div class="toggle-row">
        <div>
          <h3>Grid Protection</h3>
          <div class="muted">Overrides all rules during DISCOM peak alerts to prevent neighborhood blackouts</div>
        </div>
        ${e ? c`<input
              type="checkbox"
              role="switch"
              class="grid-toggle"
              aria-label="Grid protection"
              .checked=${a}
              @change=${(r) => this.toggle(e, r.target.checked)}
            />` : d}
      </div>
      ${n.map(
      (r) => c`<div class="alert ${r.severity}" role="alert">
          <strong>${r.severity.toUpperCase()}</strong> ${r.type.replaceAll("_", " ")}${r.message ? c`: ${r.message}` : d}
          <div class="muted">
            since ${k(t, r.start)}${r.end ? c` · until ${k(t, r.end)}` : d}
            ${a ? d : c` · grid protection is off`}
          </div>
        </div>`
    )}
    </section>`;
  }
  strategySection() {
    const t = this.homeEntity("select", "strategy");
    if (!t) return d;
    const e = this.state(t) ?? "", s = this.hass.states[t]?.attributes.options ?? ut.map((o) => o.value), a = ut.filter((o) => s.includes(o.value)), n = a.map((o) => o.value), r = ut.find((o) => o.value === e);
    return c`<section>
      <h3>Daily Strategy</h3>
      <div class="pills" role="radiogroup" aria-label="Daily strategy">
        ${a.map(
      (o) => c`<button
            role="radio"
            data-strategy=${o.value}
            aria-checked=${o.value === e ? "true" : "false"}
            tabindex=${o.value === e || !r && o === a[0] ? "0" : "-1"}
            title=${o.description}
            @click=${() => this.setStrategy(o.value)}
            @keydown=${(l) => this.onStrategyKey(l, n)}
          >
            ${o.label}
          </button>`
    )}
      </div>
      ${r ? c`<div class="description muted">${r.description}</div>` : d}
    </section>`;
  }
  /** What the autopilot does to an appliance now, from the autopilot sensor's attributes. */
  nowFor(t, e, s) {
    const a = this.hass, n = e.find((o) => o.appliance === t);
    if (n) {
      const o = qt[n.action ?? ""] ?? n.action ?? "held", l = n.resume_at ?? n.until;
      return c`<span class="now">${o} (${Kt[n.reason] ?? n.reason})${l ? c` until ${k(a, l)}` : d}</span>`;
    }
    const r = s.find((o) => o.appliance === t);
    return r ? c`<span class="now">Left alone: ${Kt[r.reason] ?? r.reason}${r.until ? c` until ${k(a, r.until)}` : d}</span>` : c`<span class="now">No action now</span>`;
  }
  applianceRow(t, e, s) {
    const a = this.hass, n = t.device.name, r = this.state(t.delegated) === "on", o = t.status ? a.states[t.status] : void 0, l = o?.state === "override" || s.some((g) => g.appliance === n && g.reason === "override"), h = o?.attributes.override_until, u = t.action ? a.states[t.action] : void 0, p = u?.attributes.options ?? [], f = this.state(t.window) === "on";
    return c`<div class="appliance" data-appliance=${t.device.deviceId}>
      <div class="toggle-row">
        <div>
          <span class="name">${n}</span>
          ${l ? c` <span class="badge override">OVERRIDE</span>` : d}
          <div class="muted">${r ? this.nowFor(n, e, s) : c`<span class="now">Not delegated</span>`}</div>
        </div>
        <label class="switch">
          <span class="muted">Delegated</span>
          <input
            type="checkbox"
            role="switch"
            class="delegated"
            aria-label="${n}: delegated to autopilot"
            .checked=${r}
            @change=${(g) => this.toggle(t.delegated, g.target.checked)}
          />
        </label>
      </div>
      ${l ? c`<div class="row override-row">
            <span class="muted">AI temporarily paused${h ? c` until ${k(a, h)}` : d}</span>
            <button class="resume" @click=${() => this.resume(t)}>Resume</button>
          </div>` : d}
      ${r ? c`<div class="controls">
            ${t.action ? c`<label class="field">
                  Preferred AI action
                  <select
                    class="action"
                    data-value=${u?.state ?? ""}
                    aria-label="${n}: preferred AI action"
                    @change=${(g) => this.act("select", "select_option", { entity_id: t.action, option: g.target.value })}
                  >
                    ${p.map(
      (g) => c`<option value=${g} ?selected=${g === u?.state}>${qt[g] ?? g}</option>`
    )}
                  </select>
                </label>` : d}
            ${t.window ? c`<label class="switch">
                    <input
                      type="checkbox"
                      class="window"
                      aria-label="${n}: protected window"
                      .checked=${f}
                      @change=${(g) => this.toggle(t.window, g.target.checked)}
                    />
                    <span>Do not touch between</span>
                  </label>
                  <input
                    type="time"
                    class="window-start"
                    aria-label="${n}: protected window start"
                    .value=${Vt(this.state(t.windowStart))}
                    @change=${(g) => this.setTime(t.windowStart, g.target.value)}
                  />
                  <span>and</span>
                  <input
                    type="time"
                    class="window-end"
                    aria-label="${n}: protected window end"
                    .value=${Vt(this.state(t.windowEnd))}
                    @change=${(g) => this.setTime(t.windowEnd, g.target.value)}
                  />` : d}
          </div>` : d}
    </div>`;
  }
  /** A select shows its entity's option even when the options were rendered after its value. */
  updated() {
    this.shadowRoot?.querySelectorAll("select[data-value]").forEach((t) => {
      t.value !== t.dataset.value && (t.value = t.dataset.value ?? "");
    });
  }
  render() {
    if (!this.hass || !this.config) return d;
    const t = this.home;
    if (!t) return this.notice("No VoltWise home found. Add one under Settings > Devices & services.");
    const e = this.hass, s = this.config.title ?? `${t.name}: autopilot`, a = this.homeEntity("switch", "autopilot"), n = this.homeEntity("sensor", "autopilot_status");
    if (!a && !n)
      return this.notice(`${t.name} has no autopilot entities (this VoltWise is older than the autopilot).`);
    const r = n ? e.states[n] : void 0, o = pt(r?.attributes.held), l = pt(r?.attributes.left_alone), h = r?.attributes.next_check, u = this.appliances();
    return c`<ha-card>
      <div class="header">
        <div class="title">${s}</div>
        <label class="switch">
          <span class="status badge">${U(r?.state) ? "Unknown" : Be[r.state] ?? r.state}</span>
          ${a ? c`<input
                type="checkbox"
                role="switch"
                class="autopilot-toggle"
                aria-label=${Nt(e, a)}
                .checked=${this.state(a) === "on"}
                @change=${(p) => this.toggle(a, p.target.checked)}
              />` : d}
        </label>
      </div>
      ${h ? c`<div class="muted next-check">Next check ${k(e, h)}</div>` : d}
      ${this.gridSection()} ${this.strategySection()}
      <section>
        <h3>Delegated Devices</h3>
        ${u.length === 0 ? c`<div class="muted">No shiftable appliances yet.</div>` : u.map((p) => this.applianceRow(p, o, l))}
      </section>
      ${this.actionError ? c`<div class="error" role="alert">${this.actionError}</div>` : d}
    </ha-card>`;
  }
};
Q.styles = [
  m.styles,
  N`
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
], Q.properties = {
  ...m.properties,
  actionError: { state: !0 }
};
let _t = Q;
class je extends I {
  render() {
    if (!this.hass || !this.config) return d;
    const t = v(this.hass, "home").map((e) => ({ value: e.deviceId, label: e.name }));
    return c`<div class="editor">${this.select("home", "Home", t)} ${this.text("title", "Title (optional)")}</div>`;
  }
}
function Fe(i, t) {
  const e = B(i, t);
  if (e?.kind !== "home") return null;
  const a = i.entities?.[t]?.translation_key ?? "";
  return ["autopilot", "grid_protection", "autopilot_status", "grid_status", "strategy"].includes(a) ? { config: { type: "custom:voltwise-autopilot-card", home: e.deviceId } } : null;
}
const Z = 15, _ = 1440, Yt = 100;
function gt(i) {
  return i.collections.find((t) => t.id === i.active_collection);
}
function Zt(i) {
  return {
    original: i.name,
    name: i.name,
    segments: i.segments.map((t) => ({
      start: Y(t.start) ?? 0,
      end: Y(t.end) ?? _,
      peak_shaving_w: t.peak_shaving_w,
      grid_charging_allowed: t.grid_charging_allowed
    }))
  };
}
function Ge(i) {
  return [...i.segments].sort((t, e) => t.start - e.start).map((t) => ({
    start: wt(t.start),
    end: wt(t.end),
    peak_shaving_w: t.peak_shaving_w,
    grid_charging_allowed: t.grid_charging_allowed
  }));
}
function qe(i, t) {
  const e = [...i.segments].sort((r, o) => r.start - o.start), s = e[e.length - 1];
  let a = s ? s.end : 0;
  a >= _ && (a = 0);
  const n = Math.min(a + 60, _);
  return {
    ...i,
    segments: [...i.segments, { start: a, end: n, peak_shaving_w: t.peak_shaving_w, grid_charging_allowed: t.grid_charging_allowed }]
  };
}
function Jt(i, t, e) {
  const s = i.segments[t];
  if (!s) return i;
  const a = s.end - s.start, n = Math.min(Math.max(s.start + e, 0), _ - a);
  return q(i, t, { start: n, end: n + a });
}
function q(i, t, e) {
  return { ...i, segments: i.segments.map((s, a) => a === t ? { ...s, ...e } : s) };
}
function Ke(i, t) {
  return { ...i, segments: i.segments.filter((e, s) => s !== t) };
}
function Ve(i, t) {
  return (i.week[t] ?? []).map((e) => ({ schedule: i.schedules.find((s) => s.id === e.schedule), priority: e.priority })).filter((e) => e.schedule !== void 0).sort((e, s) => s.priority - e.priority);
}
function Ye() {
  return Array.from({ length: _ / Z + 1 }, (i, t) => t * Z);
}
const vt = {
  mon: "Mon",
  tue: "Tue",
  wed: "Wed",
  thu: "Thu",
  fri: "Fri",
  sat: "Sat",
  sun: "Sun"
}, Ze = {
  segment: "Schedule",
  defaults: "Defaults",
  override: "Override"
}, tt = class tt extends m {
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
    const e = v(t, "plant")[0];
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
    const t = v(this.hass, "plant");
    return this.config.plant ? t.find((e) => e.deviceId === this.config.plant) : t[0];
  }
  entity(t, e) {
    return this.hass ? y(this.hass, this.plant?.deviceId, t, e) : void 0;
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
    !t || !this.hass || (this.data = await V(this.hass, "get_plant_plan", { plant: t.deviceId }));
  }
  /** Run a plant service; refresh the plan after it, or show its error inline. */
  async act(t, e) {
    const s = this.plant;
    if (!s || !this.hass) return !1;
    this.busy = !0, this.actionError = void 0;
    try {
      return await It(this.hass, t, { plant: s.deviceId, ...e }), await this.reload(), !0;
    } catch (a) {
      return this.actionError = rt(a), !1;
    } finally {
      this.busy = !1;
    }
  }
  // -- today ------------------------------------------------------------------------------------
  renderToday() {
    const t = this.hass, e = this.data?.now, s = this.stateOf("binary_sensor", "override") === "on" || e?.source === "override", a = this.stateOf("sensor", "desired_peak_shaving"), n = this.stateOf("sensor", "applied_peak_shaving"), r = this.stateOf("binary_sensor", "grid_charging"), o = this.stateOf("binary_sensor", "applied_grid_charging"), l = this.stateOf("sensor", "next_change"), h = this.stateOf("sensor", "last_apply_result"), u = (g) => U(g) ? "—" : We(t, Number(g)), p = (g) => U(g) ? "—" : g === "on" ? "Allowed" : "Not allowed", f = this.stateOf("sensor", "control_source") ?? e?.source;
    return c`<section>
      <div class="grid today">
        <div class="stat">
          <div class="label">${Nt(t, this.entity("sensor", "active_schedule"), "entity") || "Active schedule"}</div>
          <div class="value schedule">${this.show(this.stateOf("sensor", "active_schedule"), "Defaults")}</div>
        </div>
        <div class="stat">
          <div class="label">Active segment</div>
          <div class="value segment">${this.show(this.stateOf("sensor", "active_segment"), "—")}</div>
        </div>
        <div class="stat">
          <div class="label">Control source</div>
          <div class="value source">
            ${Ze[f ?? ""] ?? f ?? "—"}
            ${s ? c`<span class="badge override">OVERRIDE</span>` : d}
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
          <div class="value next-change">${U(l) ? "None" : k(t, l)}</div>
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
  show(t, e) {
    return U(t) ? e : t;
  }
  renderOverrideControls(t) {
    const e = this.data?.plan.bounds ?? { min_w: 0, max_w: 1e4 };
    return c`<div class="controls">
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
        ${this.overrideMode === "until_time" ? c`<label class="field"
              >End
              <input
                name="override-until"
                type="datetime-local"
                .value=${this.overrideUntil}
                @change=${(s) => this.overrideUntil = s.target.value}
              />
            </label>` : d}
        <label class="field"
          >Limit (W)
          <input
            name="override-watts"
            type="number"
            inputmode="numeric"
            min=${e.min_w}
            max=${e.max_w}
            step=${Yt}
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
        ${t ? c`<button name="clear-override" ?disabled=${this.busy} @click=${() => this.act("clear_override", {})}>Resume plan</button>` : d}
        <button name="apply-now" ?disabled=${this.busy} @click=${() => this.act("apply_now", {})}>Apply now</button>
      </div>`;
  }
  // -- week -------------------------------------------------------------------------------------
  renderWeek(t) {
    return c`<section>
        <div class="week">
          ${G.map((e) => {
      const s = Ve(t, e);
      return c`<div class="day-label">${vt[e]}</div>
              <div class="layers" data-day=${e}>
                ${s.length === 0 ? c`<div class="empty-day">Defaults all day</div>` : d}
                ${s.map(
        (a) => c`<div class="layer">
                    <div class="bar" title=${a.schedule.name}>
                      ${a.schedule.segments.map((n) => {
          const r = Y(n.start) ?? 0, o = Y(n.end) ?? _;
          return c`<div
                          class="seg ${n.grid_charging_allowed ? "grid" : ""}"
                          style="left:${r / _ * 100}%;width:${(o - r) / _ * 100}%"
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
                        aria-label="Take ${a.schedule.name} off ${vt[e]}"
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
      (e) => c`<option value=${e.name} ?selected=${this.editing === e.name}>${e.name}</option>`
    )}
              <option value="__new__" ?selected=${this.editing === ""}>New schedule…</option>
            </select>
          </label>
        </div>
        ${this.draft ? this.renderDraft(t, this.draft) : d}
      </section>`;
  }
  edit(t) {
    const e = this.data ? gt(this.data.plan) : void 0;
    if (!e) return;
    if (this.actionError = void 0, t === "__new__") {
      this.editing = "", this.draft = { name: "", segments: [] };
      return;
    }
    const s = e.schedules.find((a) => a.name === t);
    this.editing = s?.name, this.draft = s ? Zt(s) : void 0;
  }
  renderDraft(t, e) {
    const s = this.data.plan.bounds, a = Ye(), n = (r, o, l, h) => c`<select
        name="segment-${o}"
        aria-label=${h}
        @change=${(u) => this.draft = q(this.draft, l, { [o]: Number(u.target.value) })}
      >
        ${a.map((u) => c`<option value=${u} ?selected=${u === r}>${wt(u)}</option>`)}
      </select>`;
    return c`<div class="draft">
      ${e.original === void 0 ? c`<label class="field"
            >Name
            <input name="schedule-name" .value=${e.name} @input=${(r) => this.draft = { ...this.draft, name: r.target.value }} />
          </label>` : d}
      <div class="segments" role="list" aria-label="Segments of ${e.name || "the new schedule"}">
        ${e.segments.map(
      (r, o) => c`<div class="segment-row" role="listitem">
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
                step=${Yt}
                .value=${String(r.peak_shaving_w)}
                @change=${(l) => this.draft = q(this.draft, o, { peak_shaving_w: Number(l.target.value) })}
              />
              W</label
            >
            <label class="inline"
              ><input
                name="segment-grid"
                type="checkbox"
                aria-label="Segment ${o + 1} grid charging"
                .checked=${r.grid_charging_allowed}
                @change=${(l) => this.draft = q(this.draft, o, { grid_charging_allowed: l.target.checked })}
              />
              grid charging</label
            >
            <span class="moves">
              <button class="icon-button" name="earlier" aria-label="Move segment ${o + 1} 15 minutes earlier" @click=${() => this.draft = Jt(this.draft, o, -Z)}>◀</button>
              <button class="icon-button" name="later" aria-label="Move segment ${o + 1} 15 minutes later" @click=${() => this.draft = Jt(this.draft, o, Z)}>▶</button>
              <button class="icon-button danger" name="delete-segment" aria-label="Delete segment ${o + 1}" @click=${() => this.draft = Ke(this.draft, o)}>✕</button>
            </span>
          </div>`
    )}
        ${e.segments.length === 0 ? c`<div class="muted">No segments: the defaults apply all day.</div>` : d}
      </div>
      <div class="row actions">
        <button name="add-segment" @click=${() => this.draft = qe(this.draft, this.data.plan.defaults)}>Add segment</button>
        <button class="primary" name="save-schedule" ?disabled=${this.busy} @click=${() => this.saveDraft(t)}>Save</button>
        <button name="cancel-edit" @click=${() => this.edit(e.original ?? "")}>Discard changes</button>
        ${e.original !== void 0 ? c`<button class="danger" name="delete-schedule" ?disabled=${this.busy} @click=${() => this.deleteSchedule(t, e.original)}>Delete schedule</button>` : d}
      </div>
      ${e.original !== void 0 ? this.renderAssign(t, e.original) : d}
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
      segments: Ge(e),
      collection: t.name
    })) {
      this.editing = s;
      const n = this.data && gt(this.data.plan)?.schedules.find((r) => r.name === s);
      this.draft = n ? Zt(n) : { ...e, original: s };
    }
  }
  async deleteSchedule(t, e) {
    await this.act("delete_daily_schedule", { schedule: e, collection: t.name }) && (this.editing = void 0, this.draft = void 0);
  }
  renderAssign(t, e) {
    return c`<div class="assign">
      <h3>Put "${e}" on days</h3>
      <div class="days" role="group" aria-label="Days">
        ${G.map(
      (s) => c`<label
            ><input
              type="checkbox"
              name="assign-day"
              value=${s}
              .checked=${this.assignDays.has(s)}
              @change=${(a) => {
        a.target.checked ? this.assignDays.add(s) : this.assignDays.delete(s), this.requestUpdate();
      }}
            />${vt[s]}</label
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
        days: G.filter((a) => this.assignDays.has(a)),
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
    if (!this.hass || !this.config) return d;
    const t = this.plant;
    if (!t)
      return this.notice(
        this.config.plant ? "This plant is not a VoltWise plant (any more)." : "No VoltWise plant found. Add one on your home's card under Settings > Devices & services."
      );
    const e = this.data ? gt(this.data.plan) : void 0;
    return c`<ha-card>
      <div class="header">
        <div class="title">${this.config.title ?? t.name}</div>
        ${e ? c`<div class="subtitle">Collection: ${e.name}</div>` : d}
      </div>
      <div class="tabs" role="tablist">
        ${["today", "week"].map(
      (s) => c`<button
            role="tab"
            name="tab-${s}"
            aria-selected=${this.tab === s ? "true" : "false"}
            @click=${() => this.tab = s}
          >
            ${s === "today" ? "Today" : "Week"}
          </button>`
    )}
      </div>
      ${this.actionError ? c`<div class="error" role="alert">${this.actionError}</div>` : d}
      ${this.loadError ? c`<div class="error">${this.loadError}</div>` : d}
      ${this.tab === "today" ? this.renderToday() : e ? this.renderWeek(e) : c`<div class="muted">Loading…</div>`}
    </ha-card>`;
  }
};
tt.styles = [
  m.styles,
  N`
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
], tt.properties = {
  ...m.properties,
  data: { state: !0 },
  tab: { state: !0 },
  draft: { state: !0 },
  busy: { state: !0 },
  actionError: { state: !0 },
  editing: { state: !0 }
};
let xt = tt;
class Je extends I {
  render() {
    if (!this.hass || !this.config) return d;
    const t = v(this.hass, "plant").map((e) => ({ value: e.deviceId, label: e.name }));
    return c`<div class="editor">
      ${this.select("plant", "Plant", t)}
      ${this.select("view", "Opens on", [
      { value: "today", label: "Today" },
      { value: "week", label: "Week" }
    ])}
      ${this.text("title", "Title (optional)")}
    </div>`;
  }
}
function Xe(i, t) {
  const e = B(i, t);
  return e?.kind !== "plant" ? null : { config: { type: "custom:voltwise-plant-card", plant: e.deviceId } };
}
const pe = [
  { value: "once", label: "Once" },
  { value: "daily", label: "Every day" },
  { value: "weekdays", label: "Weekdays" },
  { value: "weekends", label: "Weekends" },
  { value: "days", label: "Chosen days" }
], ge = { mon: "Mon", tue: "Tue", wed: "Wed", thu: "Thu", fri: "Fri", sat: "Sat", sun: "Sun" };
function Qe(i) {
  const t = Math.round(i / 60), e = Math.floor(t / 60), s = t % 60;
  return e && s ? `${e} h ${s} min` : e ? `${e} h` : `${s} min`;
}
function ts(i) {
  const t = Math.max(Math.round(i), 0);
  return `${Math.floor(t / 60)}:${String(t % 60).padStart(2, "0")}:00`;
}
function es(i) {
  const t = i.repeat === "once" ? i.date ? `Once on ${i.date}` : "Once" : i.repeat === "days" ? i.days.map((a) => ge[a]).join(", ") : pe.find((a) => a.value === i.repeat)?.label ?? i.repeat, e = i.duration ? ` for ${Qe(i.duration)}` : "";
  if (i.smart)
    return `${t}: best time between ${i.start} and ${i.end ?? "?"}${e}`;
  const s = i.end ? `–${i.end}` : e;
  return `${t}, ${i.start}${s}`;
}
function ss(i) {
  const t = {
    start: i.start,
    repeat: i.repeat,
    smart: i.smart,
    end: i.end || null,
    duration: i.durationMinutes ? ts(Number(i.durationMinutes)) : null
  };
  return i.repeat === "days" && (t.days = i.days), i.repeat === "once" ? t.date = i.date || null : t.end_date = i.endDate || null, i.scheduleId ? t.schedule_id = i.scheduleId : t.appliance = i.appliance, t;
}
function is(i, t) {
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
const et = class et extends m {
  constructor() {
    super(...arguments), this.busy = !1;
  }
  static getConfigElement() {
    return document.createElement("voltwise-schedules-card-editor");
  }
  static getStubConfig(t) {
    const e = v(t, "home")[0];
    return { type: "custom:voltwise-schedules-card", ...e ? { home: e.deviceId } : {} };
  }
  getCardSize() {
    return 4;
  }
  get home() {
    if (!(!this.hass || !this.config)) {
      if (this.config.appliance) {
        const t = B(this.hass, this.config.appliance);
        return t ? v(this.hass, "home", t.entryId)[0] : void 0;
      }
      return ot(this.hass, this.config.home);
    }
  }
  /** The appliances this card shows: one, or every appliance of the home. */
  appliances() {
    const t = this.hass, e = this.home;
    return !t || !e ? [] : v(t, "appliance", e.entryId).map((s) => ({ entityId: lt(t, s.deviceId) ?? "", name: s.name })).filter((s) => s.entityId && (!this.config?.appliance || s.entityId === this.config.appliance));
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
    const e = y(this.hass, t.deviceId, "calendar", "schedules");
    return [t.entryId, this.config?.appliance ?? "", e ? this.hass.states[e]?.last_updated : ""].join("|");
  }
  async load() {
    const t = this.home;
    if (!t || !this.hass) return;
    const e = this.config?.appliance ? { appliance: this.config.appliance } : { config_entry_id: t.entryId }, s = await V(this.hass, "list_schedules", e);
    this.schedules = [...s.schedules].sort((a, n) => (a.next_trigger ?? "~").localeCompare(n.next_trigger ?? "~"));
  }
  async act(t, e) {
    if (!this.hass) return !1;
    this.busy = !0, this.actionError = void 0;
    try {
      return await It(this.hass, t, e), await this.reload(), !0;
    } catch (s) {
      return this.actionError = rt(s), !1;
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
    await this.act(s, ss(e)) && (this.form = void 0);
  }
  renderItem(t, e) {
    const s = t.next_action === "turn_off" ? "off" : "on", a = this.appliances().find((n) => n.name === t.appliance);
    return c`<li class="schedule" data-schedule=${t.schedule_id}>
      <div>
        <div class="what">${e ? c`${t.appliance}: ` : d}${es(t)}</div>
        <div class="muted next">
          ${t.next_trigger ? c`Next: ${s} at ${bt(this.hass, t.next_trigger)}` : "No further runs"}
        </div>
      </div>
      <div class="row">
        <button
          name="edit"
          aria-label="Edit the schedule of ${t.appliance}"
          @click=${() => {
      this.actionError = void 0, this.form = is(t, a?.entityId ?? "");
    }}
        >
          Edit
        </button>
        <button name="cancel" class="danger" aria-label="Cancel the schedule of ${t.appliance}" @click=${() => this.confirming = t.schedule_id}>
          Cancel
        </button>
      </div>
      ${this.confirming === t.schedule_id ? c`<div class="confirm row" role="alertdialog" aria-label="Cancel this schedule?">
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
          </div>` : d}
    </li>`;
  }
  renderForm(t) {
    const e = this.appliances(), s = (a, n, r, o, l, h = "") => c`<label class="field ${h}"
        >${n}
        <input name=${a} type=${o} .value=${r} @change=${(u) => this.update_({ [l]: u.target.value })} />
      </label>`;
    return c`<form class="form" @submit=${this.submit} aria-label=${t.scheduleId ? "Edit schedule" : "New schedule"}>
      ${!t.scheduleId && e.length > 1 ? c`<label class="field"
            >Appliance
            <select name="appliance" @change=${(a) => this.update_({ appliance: a.target.value })}>
              ${e.map((a) => c`<option value=${a.entityId} ?selected=${a.entityId === t.appliance}>${a.name}</option>`)}
            </select>
          </label>` : d}
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
          ${pe.map((a) => c`<option value=${a.value} ?selected=${a.value === t.repeat}>${a.label}</option>`)}
        </select>
      </label>
      ${t.repeat === "once" ? s("date", "Date (optional)", t.date, "date", "date") : s("end_date", "Until (optional)", t.endDate, "date", "endDate")}
      ${t.repeat === "days" ? c`<div class="days wide" role="group" aria-label="Days">
            ${G.map(
      (a) => c`<label
                ><input
                  type="checkbox"
                  name="day"
                  value=${a}
                  .checked=${t.days.includes(a)}
                  @change=${(n) => this.update_({
        days: n.target.checked ? [...t.days, a] : t.days.filter((r) => r !== a)
      })}
                />${ge[a]}</label
              >`
    )}
          </div>` : d}
      <div class="row wide">
        <button class="primary" type="submit" name="save" ?disabled=${this.busy}>${t.scheduleId ? "Save" : "Add schedule"}</button>
        <button type="button" name="close" @click=${() => this.form = void 0}>Close</button>
      </div>
    </form>`;
  }
  render() {
    if (!this.hass || !this.config) return d;
    if (!this.home) return this.notice("No VoltWise appliance found. Add one on your home's card under Settings > Devices & services.");
    const e = this.config.appliance, s = this.config.title ?? (e ? `${Nt(this.hass, e)}: schedules` : "Appliance schedules"), a = this.schedules;
    return c`<ha-card>
      <div class="header">
        <div class="title">${s}</div>
        <button name="add" @click=${() => this.newForm()}>Add</button>
      </div>
      ${this.loadError ? c`<div class="error">${this.loadError}</div>` : d}
      ${a === void 0 ? c`<div class="muted">Loading…</div>` : a.length === 0 ? c`<div class="muted empty">No schedules yet.</div>` : c`<ul>
              ${a.map((n) => this.renderItem(n, !e))}
            </ul>`}
      ${this.actionError ? c`<div class="error" role="alert">${this.actionError}</div>` : d}
      ${this.form ? this.renderForm(this.form) : d}
    </ha-card>`;
  }
};
et.styles = [
  m.styles,
  N`
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
], et.properties = {
  ...m.properties,
  schedules: { state: !0 },
  form: { state: !0 },
  busy: { state: !0 },
  actionError: { state: !0 },
  confirming: { state: !0 }
};
let kt = et;
class as extends I {
  render() {
    if (!this.hass || !this.config) return d;
    const t = this.hass, e = v(t, "home").map((n) => ({ value: n.deviceId, label: n.name })), s = ot(t, this.config.home), a = v(t, "appliance", s?.entryId).map((n) => ({ value: lt(t, n.deviceId) ?? "", label: n.name })).filter((n) => n.value);
    return c`<div class="editor">
      ${this.select("home", "Home", e)}
      ${this.select("appliance", "Appliance", a, "Every appliance of the home")}
      ${this.text("title", "Title (optional)")}
    </div>`;
  }
}
function ns(i, t) {
  const e = B(i, t);
  if (e?.kind !== "appliance") return null;
  const s = lt(i, e.deviceId), a = v(i, "home", e.entryId)[0];
  return s ? {
    config: { type: "custom:voltwise-schedules-card", ...a ? { home: a.deviceId } : {}, appliance: s }
  } : null;
}
const Xt = { turn_off: "off", eco_on: "eco", set_level: "limited", schedule_resume: "delayed" }, rs = /* @__PURE__ */ new Set(["turn_on", "eco_off", "restore_level"]);
function os(i, t, e, s) {
  const a = (l, h) => {
    const u = l ? new Date(l).getTime() : NaN;
    return Number.isFinite(u) ? (u - e) / (s - e) : h;
  }, n = [], r = /* @__PURE__ */ new Map();
  for (const l of i) {
    const h = {
      from: 0,
      to: a(l.resume_at ?? l.until, 1),
      appliance: l.appliance,
      action: l.action ?? "held",
      grid: l.reason.startsWith("grid")
    };
    n.push(h), r.set(l.appliance, h);
  }
  const o = [...t].sort((l, h) => new Date(l.at).getTime() - new Date(h.at).getTime());
  for (const l of o) {
    const h = a(l.at, 0);
    if (l.action in Xt) {
      if (r.has(l.appliance)) continue;
      const u = { from: h, to: 1, appliance: l.appliance, action: Xt[l.action], grid: l.source === "grid_protection" };
      n.push(u), r.set(l.appliance, u);
    } else if (rs.has(l.action)) {
      const u = r.get(l.appliance);
      u ? u.to = Math.max(u.from, h) : n.push({ from: 0, to: h, appliance: l.appliance, action: "held", grid: l.source === "grid_protection" }), r.delete(l.appliance);
    }
  }
  return n.map((l) => ({ ...l, from: Math.max(l.from, 0), to: Math.min(l.to, 1) })).filter((l) => l.to > l.from);
}
const ls = [12, 24, 48], D = 15, ft = {
  peak: "Peak",
  normal: "Normal",
  off_peak: "Off-peak",
  solar: "Solar"
};
function P(i) {
  return i.slot ?? (i.peak ? "peak" : i.cheap ? "off_peak" : "normal");
}
function mt(i, t) {
  const e = [], s = i.length;
  return i.forEach((a, n) => {
    const r = t(a), o = e[e.length - 1];
    o && o.value === r ? o.to = (n + 1) / s : e.push({ from: n / s, to: (n + 1) / s, value: r, first: n });
  }), e;
}
function cs(i, t, e) {
  const s = e > t ? (i - t) / (e - t) : 0;
  return `hsl(${Math.round(120 * (1 - s))}, 60%, 45%)`;
}
function $(i) {
  return `${(Math.min(Math.max(i, 0), 1) * 100).toFixed(3)}%`;
}
const st = class st extends m {
  constructor() {
    super(...arguments), this.runs = [], this.autopilot = [], this.selected = 0;
  }
  static getConfigElement() {
    return document.createElement("voltwise-timeline-card-editor");
  }
  static getStubConfig(t) {
    const e = v(t, "home")[0];
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
    return this.hass && this.config ? ot(this.hass, this.config.home) : void 0;
  }
  entity(t, e) {
    return this.hass ? y(this.hass, this.home?.deviceId, t, e) : void 0;
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
    const e = Number(this.config?.hours ?? 24), s = await V(this.hass, "get_penalty_timeline", {
      config_entry_id: t.entryId,
      hours: e,
      resolution: D
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
        o = (await V(this.hass, "preview_autopilot", {
          config_entry_id: e,
          hours: Math.min(s, 24)
        })).actions ?? [];
      } catch {
      }
    const l = new Date(t.points[0].start).getTime(), h = l + t.points.length * D * 6e4;
    return os(r, o, l, h);
  }
  async loadRuns(t) {
    const e = this.entity("calendar", "schedules");
    if (!e || !this.hass || t.points.length === 0) return [];
    const s = new Date(t.points[0].start).getTime(), a = s + t.points.length * D * 6e4;
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
        render: () => c`<div class="track">
            ${mt(t, P).map(
          (o) => c`<div class="seg ${o.value}" style="left:${$(o.from)};width:${$(o.to - o.from)}">
                ${ft[o.value] ?? o.value}
              </div>`
        )}
          </div>`
      },
      {
        key: "carbon",
        label: "Carbon",
        render: () => c`<div class="track">
            ${mt(t, (o) => o.intensity).map(
          (o) => c`<div
                class="seg"
                style="left:${$(o.from)};width:${$(o.to - o.from)};background:${cs(o.value, a, n)}"
              ></div>`
        )}
          </div>`
      },
      {
        key: "penalty",
        label: "Penalty",
        tall: !0,
        render: () => c`<div class="track tall">${this.penaltyChart(t, e.threshold)}</div>`
      },
      {
        key: "best",
        label: "Best",
        render: () => c`<div class="track">
            ${mt(t, (o) => o.cheap && o.clean).filter((o) => o.value).map(
          (o) => c`<div
                  class="seg best ${r !== void 0 && r >= o.from && r < o.to ? "next-best" : ""}"
                  style="left:${$(o.from)};width:${$(o.to - o.from)}"
                  title="Cheap and clean"
                ></div>`
        )}
          </div>`
      },
      {
        key: "autopilot",
        label: "Autopilot",
        render: () => c`<div class="track">
            ${this.autopilot.map(
          (o) => c`<div
                class="seg autopilot ${o.grid ? "grid" : ""}"
                style="left:${$(o.from)};width:${$(o.to - o.from)}"
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
        render: () => c`<div class="track">
            ${this.runs.map(
          (o) => c`<div class="seg run" style="left:${$(o.from)};width:${$(o.to - o.from)}" title=${o.name}>
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
    const a = new Date(s).getTime(), n = new Date(t[0].start).getTime(), r = (a - n) / (t.length * D * 6e4);
    return Number.isFinite(r) && r >= 0 && r < 1 ? r : void 0;
  }
  penaltyChart(t, e) {
    const s = t.length, n = `0,100 ${t.flatMap((o, l) => [`${l},${(1 - o.penalty) * 100}`, `${l + 1},${(1 - o.penalty) * 100}`]).join(" ")} ${s},100`, r = (1 - e) * 100;
    return c`<svg class="penalty" viewBox="0 0 ${s} 100" preserveAspectRatio="none" aria-hidden="true">
      ${Ee`<polygon class="area" points=${n} vector-effect="non-scaling-stroke"></polygon>
      <line class="threshold" x1="0" x2=${s} y1=${r} y2=${r} vector-effect="non-scaling-stroke"></line>`}
    </svg>`;
  }
  axis(t) {
    const e = t.length, s = e > 120 ? 12 : 6, a = t.flatMap((n, r) => {
      const o = Ft(n.start), l = r > 0 ? Ft(t[r - 1].start) : -1, h = Math.floor(o / 60);
      if (r === 0 || Math.floor(l / 60) === h || h % s !== 0) return [];
      const u = h === 0 ? ue(this.hass, he(n.start)) : `${String(h).padStart(2, "0")}:00`;
      return [{ at: (r - o % 60 / D) / e, label: u }];
    });
    return c`<div></div>
      <div class="axis" aria-hidden="true">
        ${a.map((n) => c`<span style="left:${$(n.at)}">${n.label}</span>`)}
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
    const s = ft[P(t)] ?? P(t);
    return [
      bt(this.hass, t.start),
      s,
      `${Gt(this.hass, t.rate, e.currency)}/kWh`,
      `${w(this.hass, t.intensity)} gCO2eq/kWh`,
      `penalty ${w(this.hass, t.penalty, 2)}`
    ].join(", ");
  }
  render() {
    if (!this.hass || !this.config) return d;
    const t = this.home;
    if (!t) return this.notice("No VoltWise home found. Add one under Settings > Devices & services.");
    const e = Number(this.config.hours ?? 24), s = this.config.title ?? `${t.name}: next ${e} h`, a = this.timeline;
    if (this.loadError && !a)
      return c`<ha-card><div class="title">${s}</div><div class="error">${this.loadError}</div></ha-card>`;
    if (!a || a.points.length === 0)
      return c`<ha-card><div class="title">${s}</div><div class="muted">Loading…</div></ha-card>`;
    const n = a.points, r = n[this.selected] ?? n[0], o = this.bands(n, a), l = r.penalty > a.threshold;
    return c`<ha-card>
      <div class="header">
        <div class="title">${s}</div>
        <div class="subtitle">Strategy: ${a.strategy.replace("_", " ")} · threshold ${w(this.hass, a.threshold, 2)}</div>
      </div>
      <div class="bands">
        <div class="labels" aria-hidden="true">
          ${o.map((h) => c`<div class="band-label ${h.tall ? "tall" : ""}">${h.label}</div>`)}
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
          ${o.map((h) => h.render())}
          <div class="cursor" style="left:${$((this.selected + 0.5) / n.length)}"></div>
        </div>
        ${this.axis(n)}
      </div>
      <div class="details grid" aria-live="polite">
        <div class="stat"><div class="label">Time</div><div class="value time">${bt(this.hass, r.start)}</div></div>
        <div class="stat"><div class="label">Tariff</div><div class="value slot">${ft[P(r)] ?? P(r)}</div></div>
        <div class="stat"><div class="label">Rate</div><div class="value rate">${Gt(this.hass, r.rate, a.currency)}/kWh</div></div>
        <div class="stat"><div class="label">Carbon intensity</div><div class="value intensity">${w(this.hass, r.intensity)} g/kWh</div></div>
        <div class="stat">
          <div class="label">Penalty</div>
          <div class="value penalty">${w(this.hass, r.penalty, 2)} ${l ? c`<span class="badge">above threshold</span>` : d}</div>
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
      ${this.loadError ? c`<div class="error">${this.loadError}</div>` : d}
    </ha-card>`;
  }
};
st.styles = [
  m.styles,
  N`
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
], st.properties = {
  ...m.properties,
  timeline: { state: !0 },
  runs: { state: !0 },
  autopilot: { state: !0 },
  selected: { state: !0 }
};
let St = st;
class ds extends I {
  render() {
    if (!this.hass || !this.config) return d;
    const t = v(this.hass, "home").map((e) => ({ value: e.deviceId, label: e.name }));
    return c`<div class="editor">
      ${this.select("home", "Home", t)}
      ${this.select(
      "hours",
      "Hours ahead",
      ls.map((e) => ({ value: String(e), label: `${e} h` }))
    )}
      ${this.text("title", "Title (optional)")}
    </div>`;
  }
  set(t, e) {
    super.set(t, t === "hours" && e !== "" ? Number(e) : e);
  }
}
function hs(i, t) {
  const e = B(i, t);
  return e?.kind !== "home" ? null : { config: { type: "custom:voltwise-timeline-card", home: e.deviceId, hours: 24 } };
}
function dt(i) {
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
dt({
  type: "voltwise-timeline-card",
  element: St,
  editorType: "voltwise-timeline-card-editor",
  editor: ds,
  name: "VoltWise timeline",
  description: "The coming hours as bands: tariff slot, carbon intensity, penalty and threshold, best windows and scheduled runs.",
  getEntitySuggestion: hs
});
dt({
  type: "voltwise-plant-card",
  element: xt,
  editorType: "voltwise-plant-card-editor",
  editor: Je,
  name: "VoltWise plant",
  description: "A Solis plant today (schedule, desired vs applied, override) and its week of daily schedules, editable.",
  getEntitySuggestion: Xe
});
dt({
  type: "voltwise-schedules-card",
  element: kt,
  editorType: "voltwise-schedules-card-editor",
  editor: as,
  name: "VoltWise schedules",
  description: "An appliance's upcoming runs: add, edit or cancel once, repeating or best-time-in-a-window schedules.",
  getEntitySuggestion: ns
});
dt({
  type: "voltwise-autopilot-card",
  element: _t,
  editorType: "voltwise-autopilot-card-editor",
  editor: je,
  name: "VoltWise autopilot",
  description: "Grid protection with the grid event in force, the daily strategy, and each delegated appliance: preferred action, protected window, OVERRIDE and resume.",
  getEntitySuggestion: Fe
});
