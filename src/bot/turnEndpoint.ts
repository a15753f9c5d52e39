// What the server hands the bot and gets back: declared here, below the server, which calls it (src/server/).

export interface HttpAnswer {
  status: number;
  body?: unknown;
}

/** Where activities go: the bot's adapter. The server knows HTTP only. */
export interface TurnEndpoint {
  process(
    authorization: string,
    activity: Record<string, unknown>,
  ): {
    answer: Promise<HttpAnswer>;
    /**
     * Whether the request may be answered before its turn ends: once authenticated, a message's replies are
     * posted to the connector anyway. An invoke's answer is the response itself, and so are expectReplies'.
     */
    mayAnswerEarly(): boolean;
  };
}
