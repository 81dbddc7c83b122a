// A real gRPC server (grpc-js over HTTP/2, plaintext) on 127.0.0.1 for the gRPC callout tests.
// The services are defined without protoc: every method's (de)serializers pass raw bytes, so a
// filter's message bytes arrive as they were sent.
//
//   envoyas.test.Authz/Check  unary: "deny" for paths under /admin, else "allow"
//   envoyas.test.Echo/Chat    bidi:  initial metadata x-echo-init: hello; echoes every message as
//                                    "echo:<msg>"; on the client's end sends trailing metadata
//                                    x-echo-trailer: <count> and status OK
import * as grpc from "@grpc/grpc-js";

const raw = {
  requestSerialize: (b: Buffer) => b,
  requestDeserialize: (b: Buffer) => b,
  responseSerialize: (b: Buffer) => b,
  responseDeserialize: (b: Buffer) => b,
};

const AUTHZ: grpc.ServiceDefinition = {
  Check: { path: "/envoyas.test.Authz/Check", requestStream: false, responseStream: false, ...raw },
};
const ECHO: grpc.ServiceDefinition = {
  Chat: { path: "/envoyas.test.Echo/Chat", requestStream: true, responseStream: true, ...raw },
};

export interface SeenCall {
  method: string;
  message?: string;
  messages?: string[];
  metadata: Record<string, string>;
}

export interface TestGrpcServer {
  port: number;
  /** Every call the server handled, in order of arrival. */
  seen: SeenCall[];
  close(): Promise<void>;
}

function flat(md: grpc.Metadata): Record<string, string> {
  return Object.fromEntries(Object.entries(md.getMap()).map(([k, v]) => [k, String(v)]));
}

export async function startGrpcServer(): Promise<TestGrpcServer> {
  const server = new grpc.Server();
  const seen: SeenCall[] = [];
  server.addService(AUTHZ, {
    Check: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => {
      const path = call.request.toString("utf8");
      seen.push({ method: "Check", message: path, metadata: flat(call.metadata) });
      callback(null, Buffer.from(path.startsWith("/admin") ? "deny" : "allow"));
    },
  });
  server.addService(ECHO, {
    Chat: (call: grpc.ServerDuplexStream<Buffer, Buffer>) => {
      const entry: SeenCall = { method: "Chat", messages: [], metadata: flat(call.metadata) };
      seen.push(entry);
      const initial = new grpc.Metadata();
      initial.set("x-echo-init", "hello");
      call.sendMetadata(initial);
      call.on("data", (m: Buffer) => {
        entry.messages!.push(m.toString("utf8"));
        call.write(Buffer.from(`echo:${m.toString("utf8")}`));
      });
      call.on("end", () => {
        const trailer = new grpc.Metadata();
        trailer.set("x-echo-trailer", String(entry.messages!.length));
        call.end(trailer);
      });
    },
  });
  const port = await new Promise<number>((res, rej) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? rej(err) : res(p))),
  );
  return {
    port,
    seen,
    close: () => new Promise<void>((res) => server.tryShutdown(() => res())),
  };
}
