# Exploration of the family-trees set-up (not used by tests): the paper's network in PyTorch, float64, all splits of a
# configuration trained at once as batched tensors. Usage: /usr/bin/python3 explore.py "{'init': 1, 'decay': 0}" [splits]
# Keys: init, warm, weps, walpha, eps, alpha, decay, margin (zero|clip|none), sweeps, tgt_on, tgt_off, epsnorm,
# decay_bias, loss (sse|ce|bce), opt (adam), lr, warmup, cos, batch, act (sig|tanh|relu). Prints training / held-out
# means: tr, te (on > 0.5 rule; for ce on > 0.25), te4 (splits with 4 of 4), trm / tem (0.8 / 0.2 rule), am (top unit).
import torch, sys, itertools, time
torch.set_num_threads(1)
M,F=0,1
people=[('Christopher',M),('Penelope',F),('Andrew',M),('Christine',F),('Margaret',F),('Arthur',M),('Victoria',F),('James',M),('Jennifer',F),('Charles',M),('Colin',M),('Charlotte',F)]
couples=[(0,1,[5,6]),(2,3,[7,8]),(5,4,[]),(7,6,[10,11]),(9,8,[])]
def parents(p): return [x for h,w,c in couples if p in c for x in (h,w)]
def spouse(p): return [w if h==p else h for h,w,c in couples if p in (h,w)]
def children(p): return [x for h,w,c in couples if p in (h,w) for x in c]
def sibs(p): return [x for h,w,c in couples if p in c for x in c if x!=p]
def ua(p):
    s=[x for q in parents(p) for x in sibs(q)]
    return s+[x for q in s for x in spouse(q)]
def answers(p,r):
    if r in (0,1): f=parents(p)
    elif r in (2,3): f=spouse(p)
    elif r in (4,5): f=children(p)
    elif r in (6,7): f=ua(p)
    elif r in (8,9): f=sibs(p)
    else: f=[q for q in range(12) if p in ua(q)]
    sex = M if r in (0,2,4,6,8,10) else F
    return sorted(set(q for q in f if people[q][1]==sex))
cases=[]
for t in range(2):
    for p in range(12):
        for r in range(12):
            a=answers(p,r)
            if a: cases.append((12*t+p,r,[12*t+q for q in a]))
assert len(cases)==104 and sum(len(c[2])==2 for c in cases)==8
X=torch.zeros(104,36,dtype=torch.float64); D=torch.zeros(104,24,dtype=torch.float64)
for k,(p,r,a) in enumerate(cases):
    X[k,p]=1; X[k,24+r]=1
    for q in a: D[k,q]=1

def splits(S, seed=1):
    g=torch.Generator().manual_seed(seed)
    return [torch.randperm(104,generator=g) for _ in range(S)]

def run(cfg, S=50, seed=1, verbose=False):
    c=dict(init=0.3, warm=20, weps=0.005, walpha=0.5, eps=0.01, alpha=0.9, decay=0.002, margin='zero', on=0.8, off=0.2,
           sweeps=1500, tgt_on=1.0, tgt_off=0.0, epsnorm=1.0, decay_bias=True, loss='sse')
    c.update(cfg)
    perms=splits(S, seed)
    tr=torch.stack([p[4:] for p in perms]); te=torch.stack([p[:4] for p in perms])
    Xtr=X[tr]; Dtr=D[tr]; Xte=X[te]; Dte=D[te]
    Ttr=Dtr*c['tgt_on']+(1-Dtr)*c['tgt_off']
    g=torch.Generator().manual_seed(seed+1000)
    shapes=[(6,24),(6,12),(12,12),(6,12),(24,6)]
    P=[]
    for o,i in shapes:
        P.append((torch.rand(S,o,i,generator=g,dtype=torch.float64)*2-1)*c['init'])
        P.append((torch.rand(S,o,1,generator=g,dtype=torch.float64)*2-1)*c['init'])
    for p in P: p.requires_grad_(True)
    V=[torch.zeros_like(p) for p in P]
    act={'sig':torch.sigmoid,'tanh':torch.tanh,'relu':torch.relu}[c.get('act','sig')]
    def fwd(Xb):
        xp=Xb[:,:,:24].transpose(1,2); xr=Xb[:,:,24:].transpose(1,2)
        h1=act(P[0]@xp+P[1]); h2=act(P[2]@xr+P[3])
        h3=act(P[4]@torch.cat([h1,h2],1)+P[5])
        h4=act(P[6]@h3+P[7])
        z=P[8]@h4+P[9]
        return z.transpose(1,2)
    B=c.get('batch',100); nb=(100+B-1)//B; gsh=torch.Generator().manual_seed(seed+7)
    Xall,Dall,Tall=Xtr,Dtr,Ttr
    for s in range(1,c['sweeps']*nb+1):
        if B<100:
            if (s-1)%nb==0: order=torch.randperm(100,generator=gsh)
            b=(s-1)%nb; idx=order[b*B:(b+1)*B]
            Xtr,Dtr,Ttr=Xall[:,idx],Dall[:,idx],Tall[:,idx]
        eps,alpha=(c['weps'],c['walpha']) if s<=c['warm'] else (c['eps'],c['alpha'])
        eps*=c['epsnorm']
        z=fwd(Xtr)
        if c['loss']=='ce':
            T=Dtr/Dtr.sum(2,keepdim=True)
            E=-(T*torch.log_softmax(z,2)).sum()
        else:
            y=torch.sigmoid(z)
            if c['margin']=='zero':
                right=torch.where(Dtr>0.5, y>c['on'], y<c['off'])
                d=torch.where(right, y.detach(), Ttr)
            elif c['margin']=='clip':  # target = margin, error only when on the wrong side
                d=torch.where(Dtr>0.5, torch.full_like(y,c['on']), torch.full_like(y,c['off']))
                right=torch.where(Dtr>0.5, y>c['on'], y<c['off'])
                d=torch.where(right, y.detach(), d)
            else: d=Ttr
            if c['loss']=='bce':
                E=torch.nn.functional.binary_cross_entropy_with_logits(z,d,reduction='sum')
            else:
                E=0.5*((y-d)**2).sum()
        G=torch.autograd.grad(E,P)
        if c.get('opt')=='adam':
            if s==1: M1=[torch.zeros_like(p) for p in P]; M2=[torch.zeros_like(p) for p in P]
            lr=c['lr']*min(1.0, s/(c.get('warmup',1)*nb))
            if c.get('cos'): 
                import math; lr*=0.5*(1+math.cos(math.pi*s/(c['sweeps']*nb)))
            with torch.no_grad():
                for k,(p,gr) in enumerate(zip(P,G)):
                    M1[k].mul_(0.9).add_(0.1*gr); M2[k].mul_(0.999).add_(0.001*gr*gr)
                    mh=M1[k]/(1-0.9**s); vh=M2[k]/(1-0.999**s)
                    p.sub_(lr*mh/(vh.sqrt()+1e-8))
                    if c['decay'] and (c['decay_bias'] or k%2==0): p.mul_(1-lr*c['decay'])
            continue
        with torch.no_grad():
            for k,(p,v,gr) in enumerate(zip(P,V,G)):
                v.mul_(alpha).sub_(eps*gr); p.add_(v)
                if c['decay'] and (c['decay_bias'] or k%2==0): p.mul_(1-c['decay'])
    Xtr,Dtr,Ttr=Xall,Dall,Tall
    with torch.no_grad():
        def score(Xb,Db,thr_on,thr_off):
            z=fwd(Xb)
            if c['loss']=='ce':
                y=torch.softmax(z,2)
                # on = within answers: prob > 0.5/len? use > 0.2 / others < 0.2? use argmax-based: answers are top-k
                on=y>0.25
            else:
                y=torch.sigmoid(z); on=None
            if on is None:
                ok=torch.where(Db>0.5, y>thr_on, y<thr_off).all(2)
            else:
                ok=(on==(Db>0.5)).all(2)
            return ok.sum(1)
        zt=fwd(Xte); am=Dte.gather(2, zt.argmax(2,keepdim=True)).squeeze(2).sum(1)
        tr05=score(Xtr,Dtr,0.5,0.5); te05=score(Xte,Dte,0.5,0.5)
        trm=score(Xtr,Dtr,0.8,0.2); tem=score(Xte,Dte,0.8,0.2)
    return dict(am=am.double().mean().item()/4, tr=tr05.double().mean().item(), te=te05.double().mean().item()/4, te4=(te05==4).sum().item(),
                trm=trm.double().mean().item(), tem=tem.double().mean().item()/4, tem4=(tem==4).sum().item())

if __name__=='__main__':
    cfg=eval(sys.argv[1]) if len(sys.argv)>1 else {}
    S=int(sys.argv[2]) if len(sys.argv)>2 else 50
    t=time.time(); r=run(cfg,S); 
    print(cfg, {k:round(v,3) for k,v in r.items()}, f'{time.time()-t:.0f}s', flush=True)
