// External authorization over HTTP (the model of Envoy's ext_authz HTTP service): the request's
// method, path_prefix + path and chosen headers go to a cluster; 2xx allows (adding allow-listed
// response headers upstream), any other status denies with that status and body (and allow-listed
// headers to the client); a failure or timeout follows failure_mode. With with_request_body the
// request body (up to max_bytes) goes along; index.ts collects it before the check runs.
import { Context, HeaderPair, HttpCallResponse, RootContext, dispatchHttpCallFrom, isValidHeaderValue, log } from "envoy-as";
import { Provider } from "./provider";
import {
  Check, Identity, KIND_EXT_AUTHZ, PENDING_CHECK, R_AUTHZ_DENIED, R_AUTHZ_ERROR, StreamState,
} from "./types";

export class ExtAuthzProvider extends Provider {
  cluster: string = "";
  authority: string = "";
  pathPrefix: string = "";
  timeoutMs: u32 = 1000;
  /** Request headers sent to the service (lower-case). */
  headersToSend: Array<string> = ["authorization", "cookie"];
  /** Service response headers copied to the upstream request on allow. */
  headersToUpstream: Array<string> = [];
  /** Service response headers passed to the client on deny. */
  headersToClient: Array<string> = ["www-authenticate", "location", "set-cookie", "content-type"];
  failOpen: bool = false;
  statusOnError: u32 = 403;
  /** with_request_body: send the request body (up to maxBodyBytes) with the check. */
  withBody: bool = false;
  maxBodyBytes: u32 = 0;
  /** with_request_body.allow_partial: send the first maxBodyBytes of a longer body instead of 413. */
  allowPartial: bool = false;

  constructor(name: string) {
    super(name, KIND_EXT_AUTHZ);
  }

  outputHeaders(): Array<string> { return this.headersToUpstream; }

  check(st: StreamState, root: RootContext, now: f64): Check {
    const view = st.view;
    const headers: Array<HeaderPair> = [
      new HeaderPair(":method", view.method.length ? view.method : "GET"),
      new HeaderPair(":path", this.pathPrefix + (view.rawPath.length ? view.rawPath : "/")),
      new HeaderPair(":authority", this.authority),
      new HeaderPair(":scheme", "http"),
    ];
    const pairs = view.pairs;
    for (let i = 0; i < pairs.length; i++) {
      const p = unchecked(pairs[i]);
      if (this.headersToSend.includes(p.name)) headers.push(new HeaderPair(p.name, p.value));
    }
    headers.push(new HeaderPair("x-forwarded-host", view.authority));
    let body = new ArrayBuffer(0);
    const held = st.body;
    if (this.withBody && held !== null) {
      body = held.byteLength > <i32>this.maxBodyBytes ? held.slice(0, <i32>this.maxBodyBytes) : held;
      headers.push(new HeaderPair("content-length", body.byteLength.toString()));
    }
    const call = dispatchHttpCallFrom(new AuthzOrigin(st.ctx.id, this, st), this.cluster, headers, body, [], this.timeoutMs, onAuthzResponse);
    if (!call.ok) return this.failure("the host refused the call");
    return PENDING_CHECK;
  }

  /** The call failed (reset, refused, timeout, 5xx from Envoy itself): failure_mode decides. */
  failure(why: string): Check {
    log.warn("auth: provider " + this.name + ": authorization service failed: " + why + (this.failOpen ? "; allowing (failure_mode allow)" : "; denying"));
    if (this.failOpen) return Check.ok(new Identity());
    const c = Check.fail(R_AUTHZ_ERROR);
    c.denyStatus = this.statusOnError;
    return c;
  }

  /** The service's answer. */
  answer(response: HttpCallResponse): Check {
    if (response.failed) return this.failure(response.failure);
    const status = response.status;
    // Envoy's router answers a callout itself on a timeout (504) or when it cannot reach the
    // service (503): those are failures, not the service's decision.
    if (status == 504 || status == 503) {
      const body = response.bodyString();
      if (body == "upstream request timeout") return this.failure("timeout");
      if (body.startsWith("no healthy upstream") || body.startsWith("upstream connect error")) return this.failure(body);
    }
    if (status >= 200 && status < 300) {
      const id = new Identity();
      for (let i = 0; i < response.headers.length; i++) {
        const h = response.headers[i];
        if (this.headersToUpstream.includes(h.name) && isValidHeaderValue(h.value)) id.headers.push(new HeaderPair(h.name, h.value));
      }
      return Check.ok(id);
    }
    const c = Check.fail(R_AUTHZ_DENIED);
    c.denyStatus = status >= 400 && status <= 599 ? status : 403;
    c.denyBody = response.bodyString();
    for (let i = 0; i < response.headers.length; i++) {
      const h = response.headers[i];
      if (this.headersToClient.includes(h.name) && isValidHeaderValue(h.value)) c.denyHeaders.push(new HeaderPair(h.name, h.value));
    }
    return c;
  }
}

class AuthzOrigin extends Context {
  constructor(id: u32, public provider: ExtAuthzProvider, public st: StreamState) { super(id); }
}

function onAuthzResponse(origin: Context, response: HttpCallResponse): void {
  const o = changetype<AuthzOrigin>(origin);
  const st = o.st;
  if (st.done) return;
  st.results[o.provider.index] = o.provider.answer(response);
  st.ctx.checkCompleted();
}
