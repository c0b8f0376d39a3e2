// ds-tui class quiz: the student's page. No framework, no network but this server.
// Text from the server is data: it is only ever set with textContent, never as HTML.
"use strict";

const STRINGS = {
  en: {
    other: "Tiếng Việt", join_title: "Join the class quiz", code: "Join code (on the projector)",
    name: "Your name (optional: leave it empty to stay anonymous)", join: "Join",
    bad_code: "That join code is not right. Look at the projector.", full: "The class is full.",
    slow_down: "Too many tries: wait a few seconds.", cannot_join: "Could not join. Try again.",
    wait: "Waiting for the next question…", question: "Question {n}/{total}", second: " · second vote",
    sent: "✓ Answer sent — you can change it until the time is up.", sending: "Sending…",
    pick: "Tap your answer.", closed: "Voting is closed. Look at the projector.",
    closed_none: "Voting is closed: you did not answer this one.",
    peer: "Discuss with your neighbour, then vote again.", right: "✓ Right", wrong: "✗ Not this time",
    undecided: "Too close to call: neither right nor wrong.", none: "You did not answer.",
    answer: "The answer:", your: "Your answer: {a}", explanation: "Why:",
    number: "Your answer (a number)", send: "Send", order: "Put them in order (first at the top), then Send.",
    classify: "Choose a category for each item, then Send.", choose: "—", up: "Up", down: "Down",
    left: "{s} s left", paused: "paused", online: "connected as {name}", anonymous: "anonymous",
    offline: "Connection lost — reconnecting…", stopped: "The teacher stopped the class quiz.",
    multi: "Tap every answer you choose, then Send.",
  },
  vi: {
    other: "English", join_title: "Tham gia câu hỏi cả lớp", code: "Mã tham gia (trên máy chiếu)",
    name: "Tên của bạn (không bắt buộc: để trống để ẩn danh)", join: "Tham gia",
    bad_code: "Mã tham gia chưa đúng. Hãy nhìn lên máy chiếu.", full: "Lớp đã đủ người.",
    slow_down: "Thử quá nhiều lần: hãy đợi vài giây.", cannot_join: "Không tham gia được. Hãy thử lại.",
    wait: "Đang chờ câu hỏi tiếp theo…", question: "Câu {n}/{total}", second: " · bầu lần hai",
    sent: "✓ Đã gửi — bạn có thể đổi đáp án cho đến khi hết giờ.", sending: "Đang gửi…",
    pick: "Chạm vào đáp án của bạn.", closed: "Đã hết giờ bầu. Hãy nhìn lên máy chiếu.",
    closed_none: "Đã hết giờ bầu: bạn chưa trả lời câu này.",
    peer: "Thảo luận với bạn bên cạnh, rồi bầu lại.", right: "✓ Đúng", wrong: "✗ Chưa đúng",
    undecided: "Quá sát để phân định: không tính đúng hay sai.", none: "Bạn chưa trả lời.",
    answer: "Đáp án:", your: "Bạn chọn: {a}", explanation: "Giải thích:",
    number: "Đáp án của bạn (một số)", send: "Gửi", order: "Sắp xếp theo thứ tự (đầu tiên ở trên cùng), rồi Gửi.",
    classify: "Chọn nhóm cho từng mục, rồi Gửi.", choose: "—", up: "Lên", down: "Xuống",
    left: "còn {s} giây", paused: "tạm dừng", online: "đã kết nối: {name}", anonymous: "ẩn danh",
    offline: "Mất kết nối — đang kết nối lại…", stopped: "Giáo viên đã dừng câu hỏi cả lớp.",
    multi: "Chạm vào mọi đáp án bạn chọn, rồi Gửi.",
  },
};

const $ = (id) => document.getElementById(id);
let lang = (localStorage.getItem("dstui-lang") || (navigator.language || "").slice(0, 2)) === "vi" ? "vi" : "en";
let ws = null, state = null, me = null, pending = null, retry = 500, timer = null, stopped = false;
let draft = null;  // an order or a classification being made, or a multi choice, before Send

function s(key, values) {
  let text = (STRINGS[lang] || STRINGS.en)[key] || STRINGS.en[key] || key;
  for (const [k, v] of Object.entries(values || {})) text = text.split("{" + k + "}").join(String(v));
  return text;
}
// the lessons' light Markdown (**bold**, `code`) read as plain text
function tx(text) { return text ? (text[lang] || text.en || text.vi || "").replace(/\*\*|`/g, "") : ""; }
function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (k === "text") node.textContent = v;
    else if (k === "on") node.addEventListener("click", v);
    else node.setAttribute(k, v);
  }
  for (const child of children) node.appendChild(child);
  return node;
}
function show(id) { for (const one of ["join", "quiz", "wait"]) $(one).hidden = one !== id; }

function labels() {
  document.documentElement.lang = lang;
  $("lang").textContent = s("other");
  $("join-title").textContent = s("join_title");
  $("code-label").textContent = s("code");
  $("name-label").textContent = s("name");
  $("join-button").textContent = s("join");
  $("wait").textContent = s("wait");
  footer();
}
function footer() {
  if (stopped) $("conn").textContent = s("stopped");
  else if (ws && ws.readyState === 1 && me) $("conn").textContent = s("online", {name: me.name || s("anonymous")});
  else if (me) $("conn").textContent = s("offline");
  else $("conn").textContent = "";
}

// -- joining --------------------------------------------------------------------------------------
async function join() {
  $("join-error").textContent = "";
  const body = JSON.stringify({code: $("code").value.trim(), name: $("name").value.slice(0, 32), lang});
  let reply;
  try {
    reply = await fetch("/join", {method: "POST", headers: {"Content-Type": "application/json"}, body,
                                  credentials: "same-origin"});
  } catch (e) { $("join-error").textContent = s("cannot_join"); return; }
  if (!reply.ok) {
    let code = "cannot_join";
    try { code = (await reply.json()).error || code; } catch (e) { /* keep the general message */ }
    $("join-error").textContent = s(STRINGS.en[code] ? code : "cannot_join");
    return;
  }
  connect();
}

// -- the connection -------------------------------------------------------------------------------
function connect() {
  const scheme = location.protocol === "https:" ? "wss://" : "ws://";
  ws = new WebSocket(scheme + location.host + "/ws");
  ws.onopen = () => { retry = 500; stopped = false; };
  ws.onmessage = (event) => {
    let data;
    try { data = JSON.parse(event.data); } catch (e) { return; }
    receive(data);
  };
  ws.onclose = (event) => {
    ws = null;
    if (event.code === 4001) { me = null; show("join"); footer(); return; }  // not joined (or a new session)
    if (event.code === 1001) stopped = true;
    footer();
    setTimeout(connect, retry);
    retry = Math.min(retry * 2, 5000);
  };
}
function send(message) {
  if (ws && ws.readyState === 1) { ws.send(JSON.stringify(message)); return true; }
  return false;
}

function receive(data) {
  if (data.t === "hello") {
    me = {name: data.name};
    if (!localStorage.getItem("dstui-lang") && (data.lang === "vi" || data.lang === "en")) { lang = data.lang; labels(); }
    send({t: "lang", lang});
    footer();
  } else if (data.t === "state") {
    const before = state;
    state = data;
    const same = before && before.n === data.n && before.round === data.round && before.phase === data.phase;
    if (!same) draft = null;
    if (pending && data.phase === "open" && pending.n === data.n && pending.round === data.round) {
      send(pending);  // an answer the server never confirmed (the connection dropped): sent again
    } else if (pending && !(data.n === pending.n && data.round === pending.round)) {
      pending = null;
    }
    render();
  } else if (data.t === "ack") {
    if (pending && data.n === pending.n && data.round === pending.round) {
      if (data.status === "ok" && state) state.mine = pending.value;
      pending = null;
      render();
    }
  }
}

// -- answering ------------------------------------------------------------------------------------
function answer(value) {
  if (!state || state.phase !== "open") return;
  pending = {t: "answer", n: state.n, round: state.round, value};
  send(pending);
  render();
}
function chosen() { return pending ? pending.value : (state ? state.mine : null); }

function render() {
  labels();
  if (!state) return;
  if (state.phase === "wait") { show("wait"); return; }
  show("quiz");
  const q = state.question;
  $("head").textContent = s("question", {n: state.n, total: state.total}) + (state.round === 2 ? s("second") : "") +
    (state.phase === "open" && state.remaining != null ? " · " + (state.paused ? s("paused") : s("left", {s: Math.ceil(state.remaining)})) : "");
  $("prompt").textContent = tx(q.prompt);
  const area = $("answer-area");
  area.replaceChildren();
  const open = state.phase === "open";
  const mine = chosen();
  if (q.options) renderOptions(area, q, mine, open);
  else if (q.kind === "numeric") renderNumber(area, q, mine, open);
  else if (q.kind === "order") renderOrder(area, q, mine, open);
  else if (q.kind === "classify") renderClassify(area, q, mine, open);
  const status = $("status");
  if (open) status.textContent = pending ? s("sending") : (mine != null ? s("sent") : s(q.kind === "multi" ? "multi" : "pick"));
  else if (state.phase === "peer") status.textContent = s("peer");
  else if (state.phase === "closed") status.textContent = mine != null ? s("closed") : s("closed_none");
  else status.textContent = "";
  renderReveal(q);
  clearInterval(timer);
  if (open && state.remaining != null && !state.paused) {
    const ends = Date.now() + state.remaining * 1000;
    timer = setInterval(() => {
      state.remaining = Math.max(0, (ends - Date.now()) / 1000);
      $("head").textContent = s("question", {n: state.n, total: state.total}) + (state.round === 2 ? s("second") : "") +
        " · " + s("left", {s: Math.ceil(state.remaining)});
    }, 1000);
  }
}

function renderOptions(area, q, mine, open) {
  const multi = q.kind === "multi";
  if (multi && draft === null) draft = Array.isArray(mine) ? mine.slice() : [];
  for (const o of q.options) {
    const picked = multi ? draft.includes(o.id) : mine === o.id;
    const right = state.reveal && state.reveal.correct ? state.reveal.correct.includes(o.id) : null;
    const mark = right === null ? "" : right ? "✓ " : "✗ ";  // not by colour alone
    const button = el("button", {type: "button", class: "option", "data-id": o.id, "aria-pressed": String(picked)},
      el("span", {class: "letter", text: mark + o.letter + " " + o.shape}), el("span", {text: tx(o.text)}));
    if (right !== null) button.classList.add(right ? "right" : "wrong");
    button.disabled = !open;
    button.addEventListener("click", () => {
      if (!multi) { answer(o.id); return; }
      draft = draft.includes(o.id) ? draft.filter((x) => x !== o.id) : draft.concat([o.id]);
      render();
    });
    area.appendChild(button);
  }
  if (multi && open) area.appendChild(el("button", {type: "button", class: "primary", id: "send", text: s("send"),
    on: () => { if (draft.length) answer(draft.slice()); }}));
}

function renderNumber(area, q, mine, open) {
  const label = s("number") + (q.unit ? " (" + tx(q.unit) + ")" : "");
  const input = el("input", {id: "number", inputmode: "decimal", maxlength: "24", "aria-label": label});
  if (mine != null) input.value = String(mine);
  input.disabled = !open;
  area.appendChild(el("label", {for: "number", text: label}));
  area.appendChild(input);
  if (open) area.appendChild(el("button", {type: "button", class: "primary", id: "send", text: s("send"), on: () => {
    const value = Number(input.value.replace(",", ".").trim());
    if (input.value.trim() !== "" && Number.isFinite(value)) answer(value);
  }}));
}

function renderOrder(area, q, mine, open) {
  if (draft === null) draft = Array.isArray(mine) ? mine.slice() : q.items.map((i) => i.id);
  const text = Object.fromEntries(q.items.map((i) => [i.id, tx(i.text)]));
  area.appendChild(el("p", {class: "muted", text: s("order")}));
  draft.forEach((id, index) => {
    const row = el("div", {class: "item", "data-id": id}, el("span", {text: (index + 1) + ". " + text[id]}));
    for (const [label, step] of [["▲", -1], ["▼", 1]]) {
      const button = el("button", {type: "button", "aria-label": s(step < 0 ? "up" : "down"), text: label});
      button.disabled = !open || index + step < 0 || index + step >= draft.length;
      button.addEventListener("click", () => {
        const other = index + step;
        [draft[index], draft[other]] = [draft[other], draft[index]];
        render();
      });
      row.appendChild(button);
    }
    area.appendChild(row);
  });
  if (open) area.appendChild(el("button", {type: "button", class: "primary", id: "send", text: s("send"),
    on: () => answer(draft.slice())}));
}

function renderClassify(area, q, mine, open) {
  if (draft === null) draft = Object.assign({}, mine || {});
  area.appendChild(el("p", {class: "muted", text: s("classify")}));
  for (const item of q.items) {
    const select = el("select", {"data-id": item.id, "aria-label": tx(item.text)}, el("option", {value: "", text: s("choose")}));
    for (const c of q.categories) {
      const option = el("option", {value: c.id, text: tx(c.text)});
      if (draft[item.id] === c.id) option.selected = true;
      select.appendChild(option);
    }
    select.disabled = !open;
    select.addEventListener("change", () => { if (select.value) draft[item.id] = select.value; else delete draft[item.id]; });
    area.appendChild(el("div", {class: "item"}, el("span", {text: tx(item.text)}), select));
  }
  if (open) area.appendChild(el("button", {type: "button", class: "primary", id: "send", text: s("send"),
    on: () => { if (Object.keys(draft).length) answer(Object.assign({}, draft)); }}));
}

function renderReveal(q) {
  const box = $("reveal");
  box.replaceChildren();
  box.hidden = state.phase !== "reveal" || !state.reveal;
  if (box.hidden) { box.className = ""; return; }
  const r = state.reveal;
  const verdict = state.mine == null ? s("none") : state.right === true ? s("right") : state.right === false ? s("wrong") : s("undecided");
  box.className = state.right === true ? "right" : state.right === false ? "wrong" : "";
  box.appendChild(el("p", {class: "verdict", id: "verdict", text: verdict}));
  box.appendChild(el("p", {text: s("answer")}));
  for (const line of (r.answer && (r.answer[lang] || r.answer.en)) || []) box.appendChild(el("p", {text: line}));
  if (r.why && q.options) {
    for (const o of q.options) if (r.why[o.id]) box.appendChild(el("p", {class: "muted", text: o.letter + ". " + tx(r.why[o.id])}));
  }
  if (r.explanation && tx(r.explanation)) {
    box.appendChild(el("p", {text: s("explanation")}));
    box.appendChild(el("p", {id: "explanation", text: tx(r.explanation)}));
  }
}

// -- start ----------------------------------------------------------------------------------------
$("lang").addEventListener("click", () => {
  lang = lang === "vi" ? "en" : "vi";
  localStorage.setItem("dstui-lang", lang);
  send({t: "lang", lang});
  render();
  labels();
});
$("join-button").addEventListener("click", join);
$("name").addEventListener("keydown", (e) => { if (e.key === "Enter") join(); });
const hash = location.hash.replace("#", "");
if (/^[0-9]{4,8}$/.test(hash)) $("code").value = hash;
labels();
connect();
