# -*- coding: utf-8 -*-
from . import complaint
from . import service
from . import satisfaction
