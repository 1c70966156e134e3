// Starts GraphiQL against this API. Loaded after React, ReactDOM, GraphiQL and the explorer plugin.
(function () {
  "use strict";
  var endpoint = window.location.origin + window.location.pathname;
  var http = GraphiQL.createFetcher({ url: endpoint });

  // Subscriptions as GraphQL over SSE (distinct connections), with the headers editor's headers:
  // each event is a result shown in turn; stopping the subscription ends the stream.
  async function* eventStream(params, headers) {
    var controller = new AbortController();
    try {
      var response = await fetch(endpoint, {
        method: "POST",
        headers: Object.assign({ "Content-Type": "application/json", Accept: "text/event-stream" }, headers),
        body: JSON.stringify(params),
        signal: controller.signal,
      });
      if (!(response.headers.get("Content-Type") || "").startsWith("text/event-stream")) {
        yield await response.json(); // a refusal (401, 400): its errors
        return;
      }
      var reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      var buffer = "";
      for (;;) {
        var chunk = await reader.read();
        if (chunk.done) return;
        buffer += chunk.value.replace(/\r\n?/g, "\n");
        var end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          var lines = buffer.slice(0, end).split("\n");
          buffer = buffer.slice(end + 2);
          var event = lines.find(function (l) { return l.startsWith("event:"); });
          var data = lines.filter(function (l) { return l.startsWith("data:"); }).map(function (l) { return l.slice(5).trim(); }).join("\n");
          if (event && event.slice(6).trim() === "complete") return;
          if (event && event.slice(6).trim() === "next" && data) yield JSON.parse(data);
        }
      }
    } finally {
      controller.abort();
    }
  }

  // Whether the operation to run is a subscription: from the editor's syntax tree, or (before the
  // editor has one) from the text.
  function isSubscription(params, ast) {
    var name = params.operationName;
    if (ast) {
      var operation = ast.definitions.find(function (d) {
        return d.kind === "OperationDefinition" && (!name || (d.name && d.name.value === name));
      });
      return Boolean(operation) && operation.operation === "subscription";
    }
    var text = String(params.query || "").replace(/#[^\n]*/g, "");
    return name ? new RegExp("\\bsubscription\\s+" + name + "\\b").test(text) : /^\s*subscription\b/.test(text);
  }

  function fetcher(params, options) {
    if (isSubscription(params, options && options.documentAST)) return eventStream(params, (options && options.headers) || {});
    return http(params, options);
  }

  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      plugins: [GraphiQLPluginExplorer.explorerPlugin()],
      defaultQuery: "query Me {\n  me {\n    id\n  }\n}\n",
      isHeadersEditorEnabled: true,
      defaultEditorToolsVisibility: true,
      // Keep the Authorization header the user pasted across reloads (this browser only).
      shouldPersistHeaders: true,
    })
  );
})();
