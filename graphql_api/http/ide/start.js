// Starts GraphiQL against this API. Loaded after React, ReactDOM, GraphiQL and the explorer plugin.
(function () {
  "use strict";
  var endpoint = window.location.origin + window.location.pathname;
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  root.render(
    React.createElement(GraphiQL, {
      fetcher: GraphiQL.createFetcher({ url: endpoint }),
      plugins: [GraphiQLPluginExplorer.explorerPlugin()],
      defaultQuery: "query Me {\n  me {\n    id\n  }\n}\n",
      isHeadersEditorEnabled: true,
      defaultEditorToolsVisibility: true,
      // Keep the Authorization header the user pasted across reloads (this browser only).
      shouldPersistHeaders: true,
    })
  );
})();
