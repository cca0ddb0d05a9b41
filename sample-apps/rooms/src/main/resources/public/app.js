// Cairn Rooms: chat, presence and a shared document over one WebSocket to the room's object.
// Plain browser JavaScript, no build step. The protocol is described in the rooms README.
(() => {
  'use strict';

  const T = window.TextOperation;
  const $ = (id) => document.getElementById(id);
  const USER_KEY = 'cairn-rooms-user';
  const KEEPALIVE_MS = 25_000; // answered by the node with "pong", without waking the room
  const MAX_RECONNECT_MS = 10_000;

  // ---- Join and leave -------------------------------------------------------------------------

  let connection = null;

  $('room-name').value = decodeURIComponent(location.hash.slice(1)) || 'lobby';
  $('user-name').value = localStorage.getItem(USER_KEY) || '';

  $('join').addEventListener('submit', (event) => {
    event.preventDefault();
    const room = $('room-name').value.trim();
    const user = $('user-name').value.trim();
    if (!room || !user) return;
    localStorage.setItem(USER_KEY, user);
    location.hash = encodeURIComponent(room);
    enterRoom(room, user);
  });

  $('leave').addEventListener('click', () => {
    connection.close();
    connection = null;
    $('room-view').hidden = true;
    $('room-meta').hidden = true;
    $('join-view').hidden = false;
  });

  function enterRoom(room, user) {
    $('join-view').hidden = true;
    $('room-view').hidden = false;
    $('room-meta').hidden = false;
    $('room-title').textContent = room;
    document.title = `${room} · Cairn Rooms`;
    const chat = new Chat(user);
    const people = new People(user);
    const sharedText = new SharedText($('document'), $('doc-status'));
    connection = new Connection(room, user, {
      history: (m) => chat.showHistory(m.messages),
      message: (m) => chat.add(m),
      presence: (m) => people.show(m.users),
      document: (m) => sharedText.load(m.version, m.text),
      edit: (m) => sharedText.applyRemote(m.version, m.ops, m.user),
      ack: (m) => sharedText.acknowledge(m.version),
      error: (m) => toast(m.message),
    });
    chat.onSay = (text) => connection.send({ type: 'say', user, text });
    sharedText.onEdit = (version, ops) => connection.send({ type: 'edit', version, ops });
  }

  // ---- The WebSocket, reconnecting with backoff ------------------------------------------------

  class Connection {
    constructor(room, user, handlers) {
      const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
      this.url = `${scheme}//${location.host}/objects/rooms/${encodeURIComponent(room)}/ws?user=${encodeURIComponent(user)}`;
      this.handlers = handlers;
      this.retryMs = 500;
      this.closed = false;
      this.open();
    }

    open() {
      setStatus('connecting', 'connecting…');
      const ws = new WebSocket(this.url);
      this.ws = ws;
      ws.onopen = () => {
        this.retryMs = 500;
        setStatus('online', 'online');
        this.keepalive = setInterval(() => ws.send('ping'), KEEPALIVE_MS);
      };
      ws.onmessage = (event) => {
        if (event.data === 'pong') return;
        const message = JSON.parse(event.data);
        const handle = this.handlers[message.type];
        if (handle) handle(message);
      };
      ws.onclose = () => {
        clearInterval(this.keepalive);
        if (this.closed) return;
        setStatus('offline', 'reconnecting…');
        setTimeout(() => this.open(), this.retryMs);
        this.retryMs = Math.min(this.retryMs * 2, MAX_RECONNECT_MS);
      };
    }

    send(message) {
      if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message));
    }

    close() {
      this.closed = true;
      this.ws.close(1000, 'left the room');
    }
  }

  function setStatus(state, text) {
    const status = $('status');
    status.dataset.state = state;
    status.textContent = text;
  }

  // ---- Chat -------------------------------------------------------------------------------------

  class Chat {
    constructor(me) {
      this.me = me;
      this.list = $('messages');
      this.onSay = () => {};
      const form = $('say');
      const input = $('say-text');
      form.onsubmit = (event) => {
        event.preventDefault();
        const text = input.value.trim();
        if (!text) return;
        this.onSay(text);
        input.value = '';
      };
    }

    showHistory(messages) {
      this.list.replaceChildren();
      if (messages.length === 0) {
        const empty = element('li', 'empty', 'No messages yet. Say hello!');
        this.list.append(empty);
      }
      messages.forEach((m) => this.add(m));
    }

    add(message) {
      this.list.querySelector('.empty')?.remove();
      const atBottom = this.list.scrollHeight - this.list.scrollTop - this.list.clientHeight < 40;
      const item = element('li', message.user === this.me ? 'mine' : '');
      const who = element('span', 'who', message.user);
      who.style.color = colorOf(message.user);
      const when = element('time', 'when', new Date(message.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }));
      when.dateTime = message.at;
      item.append(who, when, element('div', 'text', message.text));
      this.list.append(item);
      if (atBottom) this.list.scrollTop = this.list.scrollHeight;
    }
  }

  // ---- Presence ---------------------------------------------------------------------------------

  class People {
    constructor(me) {
      this.me = me;
    }

    show(users) {
      $('people-count').textContent = users.length;
      $('people').replaceChildren(...users.map((user) => {
        const item = element('li', user === this.me ? 'me' : '');
        const dot = element('span', 'dot');
        dot.style.background = colorOf(user);
        item.append(dot, document.createTextNode(user === this.me ? `${user} (you)` : user));
        return item;
      }));
    }
  }

  // ---- Shared document: the client half of the room's merge rule --------------------------------
  //
  // At most one edit is in flight. Typing while it is unacknowledged composes into a buffer that is
  // sent on the ack. An incoming edit is transformed over the in-flight and buffered edits, so it
  // applies to the text as this user sees it; those are transformed over it in turn, exactly as
  // the room will transform them when they arrive.

  class SharedText {
    constructor(textarea, status) {
      this.textarea = textarea;
      this.status = status;
      this.version = 0;
      this.text = '';
      this.inFlight = null;
      this.buffer = null;
      this.onEdit = () => {};
      textarea.value = '';
      textarea.oninput = () => this.localChange();
    }

    load(version, text) {
      if (this.inFlight || this.buffer) toast('The document was reloaded; your unsent changes were dropped.');
      this.version = version;
      this.text = text;
      this.inFlight = null;
      this.buffer = null;
      this.textarea.value = text;
      this.showStatus();
    }

    localChange() {
      const ops = T.diff(this.text, this.textarea.value);
      this.text = this.textarea.value;
      if (this.inFlight === null) {
        this.inFlight = ops;
        this.onEdit(this.version, ops);
      } else {
        this.buffer = this.buffer === null ? ops : T.compose(this.buffer, ops);
      }
      this.showStatus();
    }

    acknowledge(version) {
      this.version = version;
      this.inFlight = this.buffer;
      this.buffer = null;
      if (this.inFlight !== null) this.onEdit(this.version, this.inFlight);
      this.showStatus();
    }

    applyRemote(version, ops, user) {
      let incoming = ops;
      if (this.inFlight !== null) [this.inFlight, incoming] = T.transform(this.inFlight, incoming);
      if (this.buffer !== null) [this.buffer, incoming] = T.transform(this.buffer, incoming);
      this.version = version;
      this.text = T.apply(incoming, this.text);
      const { selectionStart, selectionEnd, scrollTop } = this.textarea;
      this.textarea.value = this.text;
      this.textarea.setSelectionRange(T.transformIndex(incoming, selectionStart), T.transformIndex(incoming, selectionEnd));
      this.textarea.scrollTop = scrollTop;
      this.showStatus(user);
    }

    showStatus(lastEditor) {
      const pending = this.inFlight !== null;
      this.status.textContent = pending ? 'saving…' : `saved · v${this.version}${lastEditor ? ` · ${lastEditor} edited` : ''}`;
    }
  }

  // ---- Helpers ------------------------------------------------------------------------------------

  function element(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // A stable color per name, so people are recognisable across chat and presence.
  function colorOf(name) {
    let hash = 0;
    for (const ch of name) hash = (hash * 31 + ch.codePointAt(0)) | 0;
    return `hsl(${Math.abs(hash) % 360} 65% 42%)`;
  }

  let toastTimer;
  function toast(text) {
    const box = $('toast');
    box.textContent = text;
    box.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { box.hidden = true; }, 4000);
  }
})();
