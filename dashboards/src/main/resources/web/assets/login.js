// The login form: JSON to /api/login with the page the user came for; the server answers where to go
// next (that page if it is a path of this site, else '/'), and only that answer is followed.
const form = document.getElementById('login');
const error = document.getElementById('error');
const next = new URLSearchParams(location.search).get('next');

form.addEventListener('submit', async e => {
  e.preventDefault();
  error.textContent = '';
  const body = JSON.stringify({username: form.username.value, password: form.password.value, next});
  try {
    const r = await fetch('/api/login', {method: 'POST', headers: {'Content-Type': 'application/json'}, body});
    if (r.ok) { location.href = (await r.json()).redirect; return; }
    error.textContent = r.status === 401 ? '用户名或密码错误' : `登录失败（${r.status}）`;
  } catch (err) {
    error.textContent = '无法连接服务器：' + err.message;
  }
});
