// hello-world: adds a configured header to every response and logs each request's path.
// Configuration (JSON): {"header": "x-hello", "value": "world"}
import {
  Configuration, HeadersAction, HttpContext, RootContext, log, registerRootContext, request, response,
} from "envoy-as";
import { Json } from "envoy-as/sdk/json";
import { asciiLower, isValidHeaderName, isValidHeaderValue } from "envoy-as/sdk/util";

export * from "envoy-as/sdk/abi/exports-http"; // an HTTP filter without callouts: the lean set

class HelloWorld extends RootContext {
  header: string = "x-hello";
  value: string = "world";

  onConfigure(configuration: Configuration): bool {
    const text = configuration.toString();
    if (text.length == 0) return true; // keep the defaults
    const parsed = Json.parse(text);
    const config = parsed.value;
    if (config === null) {
      log.error("hello-world: configuration is not valid JSON: " + parsed.error + " at offset " + parsed.offset.toString());
      return false;
    }
    if (!config.isObject) {
      log.error("hello-world: configuration must be a JSON object, got " + config.typeName);
      return false;
    }
    for (let i = 0; i < config.keys.length; i++) {
      const key = config.keys[i];
      if (key != "header" && key != "value") {
        log.error("hello-world: " + key + ": unknown field (expected header, value)");
        return false;
      }
    }
    const header = config.get("header");
    if (header !== null) {
      if (!header.isString || !isValidHeaderName(header.str)) {
        log.error("hello-world: header: must be a valid HTTP header name");
        return false;
      }
      this.header = asciiLower(header.str);
    }
    const value = config.get("value");
    if (value !== null) {
      if (!value.isString || !isValidHeaderValue(value.str)) {
        log.error("hello-world: value: must be a string without CR, LF or NUL");
        return false;
      }
      this.value = value.str;
    }
    return true;
  }

  newHttpContext(contextId: u32): HttpContext {
    return new HelloWorldStream(contextId, this);
  }
}

class HelloWorldStream extends HttpContext {
  onRequestHeaders(headerCount: u32, endOfStream: bool): HeadersAction {
    const path = request.headers.get(":path");
    log.info("hello-world: " + (path === null ? "(no path)" : path));
    return HeadersAction.Continue;
  }

  onResponseHeaders(headerCount: u32, endOfStream: bool): HeadersAction {
    const root = this.root as HelloWorld;
    response.headers.set(root.header, root.value);
    return HeadersAction.Continue;
  }
}

registerRootContext("hello-world", (id: u32): RootContext => new HelloWorld(id));
